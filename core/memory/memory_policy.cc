#include "core/memory/memory_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/byte_units.h"
#include "core/memory/memsize.h"

namespace edge {

namespace {

// Multiplies without overflowing: sizes here are far below 2^53, where doubles are exact
// enough, but a corrupt input must not wrap around to a negative limit.
int64_t scaled_size(int64_t bytes, double factor) {
    double scaled = std::ceil(static_cast<double>(bytes) * factor);
    constexpr double kLargest = static_cast<double>(std::numeric_limits<int64_t>::max() / 2);
    if (!(scaled < kLargest)) return static_cast<int64_t>(kLargest);
    return static_cast<int64_t>(scaled);
}

}  // namespace

int64_t limit_step(int64_t bytes) {
    if (bytes <= 512 * kMiB) return 16 * kMiB;
    if (bytes <= 4 * kGiB) return 64 * kMiB;
    return 256 * kMiB;
}

int64_t round_up_to_step(int64_t bytes) {
    if (bytes <= 0) return 0;
    int64_t step = limit_step(bytes);
    return (bytes + step - 1) / step * step;
}

int64_t limit_upper_bound(const MemoryPolicy& policy, int64_t capacity) {
    return capacity > 0 ? std::min(policy.ceiling, capacity) : policy.ceiling;
}

MemoryRecommendation recommend_limit(int64_t peak, int64_t oom_limit, const MemoryPolicy& policy,
                                     int64_t capacity) {
    int64_t wanted = scaled_size(std::max<int64_t>(peak, 0), policy.headroom);
    if (oom_limit > 0) wanted = std::max(wanted, scaled_size(oom_limit, policy.oom_factor));
    wanted = std::max(round_up_to_step(wanted), policy.floor);
    int64_t bound = limit_upper_bound(policy, capacity);
    if (wanted > bound) return {bound, true};
    return {wanted, false};
}

OomRaise raise_after_oom(int64_t limit, int64_t peak, const MemoryPolicy& policy,
                         int64_t capacity) {
    int64_t wanted = round_up_to_step(scaled_size(std::max(limit, peak), policy.oom_factor));
    wanted = std::max(wanted, policy.floor);
    int64_t bound = limit_upper_bound(policy, capacity);
    bool capped = wanted > bound;
    int64_t next = std::min(wanted, bound);
    if (next <= limit) return {limit, false, capped};
    return {next, true, capped};
}

bool worth_resizing(int64_t applied, int64_t recommended) {
    if (recommended <= 0 || applied <= 0) return false;
    int64_t difference = applied > recommended ? applied - recommended : recommended - applied;
    return difference >= limit_step(std::max(applied, recommended));
}

std::string limit_change_text(int64_t from, int64_t to) {
    std::string before = format_memory_size(from);
    std::string after = format_memory_size(to);
    // "1.0 GiB → 1.5 GiB" reads as "1.0 → 1.5 GiB" when the unit is the same.
    size_t space_before = before.rfind(' ');
    size_t space_after = after.rfind(' ');
    if (space_before != std::string::npos && space_after != std::string::npos &&
        before.substr(space_before) == after.substr(space_after)) {
        return before.substr(0, space_before) + " → " + after;
    }
    return before + " → " + after;
}

}  // namespace edge
