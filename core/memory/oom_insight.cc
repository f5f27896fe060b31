#include "core/memory/oom_insight.h"

#include <algorithm>

#include "core/memory/memsize.h"

namespace edge {

namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kRounding = 32LL * 1024 * 1024;

std::string ago(int64_t ms) {
    if (ms < kMinuteMs) return "under a minute ago";
    if (ms < kHourMs) return std::to_string(ms / kMinuteMs) + " min ago";
    if (ms < 48 * kHourMs) return std::to_string(ms / kHourMs) + " h ago";
    return std::to_string(ms / (24 * kHourMs)) + " days ago";
}

std::string limits_text(int64_t limit, int64_t peak) {
    std::string text = "(limit " + format_memory_size(limit);
    if (peak > 0) text += ", peak " + format_memory_size(peak);
    return text + ")";
}

}  // namespace

std::string oom_summary(int total_kills, const std::vector<int64_t>& kill_times_ms, int64_t now_ms,
                        int64_t limit, int64_t peak) {
    if (total_kills <= 0 && kill_times_ms.empty()) return "";
    int total = std::max<int>(total_kills, static_cast<int>(kill_times_ms.size()));
    int recent = 0;
    int64_t oldest_recent = now_ms;
    int64_t newest = 0;
    for (int64_t time : kill_times_ms) {
        newest = std::max(newest, time);
        if (now_ms - time > kOomRecentWindowMs) continue;
        ++recent;
        oldest_recent = std::min(oldest_recent, time);
    }
    if (recent == 0) {
        std::string text = "OOM-killed " + std::to_string(total) + "×";
        if (newest > 0) text += ", last " + ago(now_ms - newest);
        return text + " " + limits_text(limit, peak);
    }
    // The span a person asks about: from the first recent kill until now, in whole minutes,
    // rounded up so that three kills in the last 40 seconds read "in 1 min".
    int64_t span_min = std::max<int64_t>(1, (now_ms - oldest_recent + kMinuteMs - 1) / kMinuteMs);
    return "OOM-killed " + std::to_string(recent) + "× in " + std::to_string(span_min) + " min " +
           limits_text(limit, peak);
}

int64_t suggest_memory_limit(int64_t limit, int64_t peak) {
    int64_t base = std::max(limit, peak);
    int64_t wanted = base + base / 2;
    return (wanted + kRounding - 1) / kRounding * kRounding;
}

std::string oom_advice(int64_t limit, int64_t peak, int64_t reservation, int64_t node_free,
                       const std::string& node) {
    int64_t suggested = suggest_memory_limit(limit, peak);
    std::string text = "consider a memory limit of " + format_memory_size(suggested);
    // The reservation follows the limit unless declared smaller; growing it to the suggested
    // limit is the worst case for placement.
    int64_t needed = std::max(suggested, reservation);
    if (needed <= node_free) {
        return text + "; it would still fit on " + node + " (" + format_memory_size(node_free) +
               " available to it)";
    }
    return text + "; it would NOT fit on " + node + " (" + format_memory_size(node_free) +
           " available to it), so the replica would move or stay pending";
}

}  // namespace edge
