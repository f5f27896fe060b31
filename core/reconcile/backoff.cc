#include "core/reconcile/backoff.h"

#include <algorithm>

namespace edge {

int64_t capped_doubling(int64_t first, int64_t max, int attempt) {
    if (attempt <= 0) return 0;
    int64_t delay = first;
    for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
    return std::min(delay, max);
}

int64_t with_jitter(int64_t delay, double fraction, double unit_random) {
    double unit = std::clamp(unit_random, 0.0, 1.0);
    double factor = 1.0 + fraction * (2.0 * unit - 1.0);
    return std::max<int64_t>(0, static_cast<int64_t>(static_cast<double>(delay) * factor));
}

}  // namespace edge
