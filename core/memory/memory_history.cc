#include "core/memory/memory_history.h"

#include <algorithm>

namespace edge {

void record_peak(MemoryHistory& history, int64_t peak, int64_t now_ms, const MemoryWindow& window) {
    if (history.last_sample_ms > 0 && now_ms > history.last_sample_ms) {
        int64_t gap = now_ms - history.last_sample_ms;
        if (gap <= window.max_gap_ms) history.observed_ms += gap;
    }
    history.last_sample_ms = std::max(history.last_sample_ms, now_ms);
    forget_old(history, history.last_sample_ms, window);
    if (peak <= 0) return;

    const int64_t bucket_ms = window.bucket_ms();
    int64_t start = history.last_sample_ms - history.last_sample_ms % bucket_ms;
    if (!history.buckets.empty() && history.buckets.back().start_ms >= start) {
        PeakBucket& newest = history.buckets.back();
        newest.peak = std::max(newest.peak, peak);
        return;
    }
    history.buckets.push_back({start, peak});
    if (history.buckets.size() > window.kept_buckets) {
        history.buckets.erase(
            history.buckets.begin(),
            history.buckets.end() - static_cast<std::ptrdiff_t>(window.kept_buckets));
    }
}

void record_oom(MemoryHistory& history, int64_t limit, int64_t now_ms) {
    // The newest kill is what counts: after a raise, a kill at the raised limit replaces the
    // one before it. A report that arrives late (an older kill) changes nothing.
    if (limit <= 0 || now_ms < history.oom_ms) return;
    history.oom_limit = limit;
    history.oom_ms = now_ms;
}

void forget_old(MemoryHistory& history, int64_t now_ms, const MemoryWindow& window) {
    const int64_t oldest_kept = now_ms - window.retention_ms();
    auto first_kept =
        std::find_if(history.buckets.begin(), history.buckets.end(),
                     [&](const PeakBucket& bucket) { return bucket.start_ms > oldest_kept; });
    history.buckets.erase(history.buckets.begin(), first_kept);
    if (history.oom_limit > 0 && history.oom_ms <= oldest_kept) {
        history.oom_limit = 0;
        history.oom_ms = 0;
    }
}

int64_t window_peak(const MemoryHistory& history, int64_t now_ms, const MemoryWindow& window) {
    const int64_t oldest_kept = now_ms - window.retention_ms();
    int64_t peak = 0;
    for (const PeakBucket& bucket : history.buckets) {
        if (bucket.start_ms > oldest_kept) peak = std::max(peak, bucket.peak);
    }
    return peak;
}

int64_t remembered_oom_limit(const MemoryHistory& history, int64_t now_ms,
                             const MemoryWindow& window) {
    if (history.oom_limit <= 0 || history.oom_ms <= now_ms - window.retention_ms()) return 0;
    return history.oom_limit;
}

bool observation_complete(const MemoryHistory& history, const MemoryWindow& window) {
    return history.observed_ms >= window.observation_ms;
}

}  // namespace edge
