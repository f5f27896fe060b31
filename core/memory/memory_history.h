// A service's memory use over time, kept by the hub to learn the limit the service needs
// (docs/memory.md): windowed peaks. Time is cut into buckets of a 24th of the observation
// window; each bucket keeps the highest peak any replica reported in it, and buckets older than
// `kept_buckets` fall off, so a peak is forgotten a week (seven windows) after it was last seen
// and a weekly backup job's peak is still remembered when the next one runs. The history also
// counts the running time it has seen, so a recommendation waits for a whole window of use,
// not of wall-clock time, and remembers the limit of the last OOM kill, below which no later
// recommendation goes.
// Thread-safety: plain values and pure functions; time is passed in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edge {

struct MemoryWindow {
    // Running time observed before a limit is recommended (edge-hub --memory-observation).
    int64_t observation_ms = 24LL * 60 * 60 * 1000;
    // How many buckets are kept: seven windows.
    size_t kept_buckets = 7 * 24;
    // A silence longer than this (the service stopped, the hub was down) is not running time.
    int64_t max_gap_ms = 5LL * 60 * 1000;

    int64_t bucket_ms() const { return observation_ms / 24 > 0 ? observation_ms / 24 : 1; }
    int64_t retention_ms() const { return bucket_ms() * static_cast<int64_t>(kept_buckets); }
};

struct PeakBucket {
    int64_t start_ms = 0;
    int64_t peak = 0;  // bytes
    bool operator==(const PeakBucket&) const = default;
};

struct MemoryHistory {
    std::vector<PeakBucket> buckets;  // oldest first; starts strictly increasing
    int64_t observed_ms = 0;          // running time seen
    int64_t last_sample_ms = 0;       // 0: never sampled
    // The limit in force at the newest OOM kill, and when it happened; 0: none remembered.
    int64_t oom_limit = 0;
    int64_t oom_ms = 0;
    bool operator==(const MemoryHistory&) const = default;
};

// Adds one replica's reported peak at `now_ms`. Several replicas may report at the same time;
// running time advances once. A sample older than the newest one (a clock step back) counts
// in the newest bucket and adds no running time. A peak of 0 or less (unknown) only advances
// running time.
void record_peak(MemoryHistory& history, int64_t peak, int64_t now_ms, const MemoryWindow& window);

// Remembers an OOM kill at `limit`: no recommendation goes below the raise it called for
// while the kill is within the kept buckets.
void record_oom(MemoryHistory& history, int64_t limit, int64_t now_ms);

// Drops buckets (and an OOM kill) older than the window's retention.
void forget_old(MemoryHistory& history, int64_t now_ms, const MemoryWindow& window);

// The highest peak in the buckets kept at `now_ms`; 0 when there is none.
int64_t window_peak(const MemoryHistory& history, int64_t now_ms, const MemoryWindow& window);

// The limit of an OOM kill still remembered at `now_ms`; 0 when none.
int64_t remembered_oom_limit(const MemoryHistory& history, int64_t now_ms,
                             const MemoryWindow& window);

// A whole observation window of running time has been seen.
bool observation_complete(const MemoryHistory& history, const MemoryWindow& window);

}  // namespace edge
