// Out-of-memory insight: turning the agent's record of OOM kills into the one line a person
// reads in `edgectl service ps` ("OOM-killed 3× in 10 min (limit 128 MiB, peak 128 MiB)") and
// the advice the hub's "oom" event gives (a larger limit, and whether it would fit the node).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace edge {

// Kills older than this no longer count as "recent" in summaries.
inline constexpr int64_t kOomRecentWindowMs = 60LL * 60 * 1000;
// How many kill times an agent keeps (and reports) per container.
inline constexpr size_t kMaxOomTimes = 16;

// "OOM-killed 3× in 10 min (limit 128 MiB, peak 128 MiB)" counting the kills of the last hour,
// "OOM-killed 5×, last 3 h ago (limit ...)" when none is that recent, "" when there are none.
// `kill_times_ms` may be in any order; `peak` 0 means unknown and is left out.
std::string oom_summary(int total_kills, const std::vector<int64_t>& kill_times_ms, int64_t now_ms,
                        int64_t limit, int64_t peak);

// A limit worth trying after OOM kills: half again the larger of limit and peak, rounded up to
// a multiple of 32 MiB so it reads well in a Compose file.
int64_t suggest_memory_limit(int64_t limit, int64_t peak);

// The advice sentence of an "oom" event. `node_free` is the node's allocatable memory minus
// every reservation on it except this replica's own; the replica fits when its reservation can
// grow to the suggested limit within it.
std::string oom_advice(int64_t limit, int64_t peak, int64_t reservation, int64_t node_free,
                       const std::string& node);

}  // namespace edge
