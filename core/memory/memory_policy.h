// The learned memory limit (docs/memory.md): the recommendation from a service's observed peak,
// and the raise after an OOM kill. Every limit is rounded up to a step that reads well in a
// Compose file, kept at or above a floor, and never above the ceiling or the capacity (the
// largest allocatable memory of any node: a limit no node can hold would leave the replica
// pending). Within those bounds a recommendation is never below the observed peak.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace edge {

struct MemoryPolicy {
    double headroom = 1.25;              // recommendation = peak x headroom
    double oom_factor = 1.5;             // raise after an OOM kill = max(limit, peak) x oom_factor
    int64_t floor = 32LL * 1024 * 1024;  // no limit below this
    int64_t ceiling = 16LL * 1024 * 1024 * 1024;  // no limit above this (--memory-ceiling)
};

// The rounding step for a limit of about `bytes`: 16 MiB up to 512 MiB, 64 MiB up to 4 GiB,
// 256 MiB above, so "1.5 GiB" and "96 MiB" come out, not "1.37 GiB".
int64_t limit_step(int64_t bytes);
// `bytes` rounded up to its step.
int64_t round_up_to_step(int64_t bytes);

// The highest limit allowed: the ceiling, and the capacity when known (> 0).
int64_t limit_upper_bound(const MemoryPolicy& policy, int64_t capacity);

struct MemoryRecommendation {
    int64_t limit = 0;
    // The peak (or the raise a remembered OOM kill called for) wanted more than the ceiling or
    // the capacity allow; `limit` is that bound.
    bool capped = false;
};

// The limit for a service whose highest observed peak is `peak` and whose newest remembered
// OOM kill (memory_history.h) happened at `oom_limit` (0: none): peak x headroom, and at least
// the raise that kill called for, rounded up, at least the floor, at most the upper bound.
MemoryRecommendation recommend_limit(int64_t peak, int64_t oom_limit, const MemoryPolicy& policy,
                                     int64_t capacity);

struct OomRaise {
    int64_t limit = 0;    // the new limit; the old one when it cannot grow
    bool raised = false;  // limit grew
    bool capped = false;  // the full raise was cut to the ceiling or the capacity
};

// After an OOM kill at `limit` with `peak` seen: max(limit, peak) x oom_factor, rounded up,
// at most the upper bound, never below `limit`.
OomRaise raise_after_oom(int64_t limit, int64_t peak, const MemoryPolicy& policy, int64_t capacity);

// Whether moving from `applied` to `recommended` is worth a new container: they differ by at
// least one step of the larger, so rounding noise never restarts anything.
bool worth_resizing(int64_t applied, int64_t recommended);

// "1.0 → 1.5 GiB" or "256 MiB → 32 MiB": a change of limit as events print it.
std::string limit_change_text(int64_t from, int64_t to);

}  // namespace edge
