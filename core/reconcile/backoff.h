// Backoff arithmetic shared by every retry loop of the agent: the crash-loop restarts
// (restart_backoff.h), the engine event stream's reconnects (agent/events/engine_watcher.h) and
// the retries of failed pulls and creates (create_retries.h). Pure functions.
#pragma once

#include <cstdint>

namespace edge {

// first × 2^(attempt-1), at most `max`; 0 for attempt ≤ 0. Never overflows.
int64_t capped_doubling(int64_t first, int64_t max, int attempt);

// `delay` spread by ±fraction: unit_random in [0, 1) maps to [delay × (1 - fraction),
// delay × (1 + fraction)). Jitter keeps the nodes of a cluster that failed together (a registry
// that was down) from all retrying in the same instant.
int64_t with_jitter(int64_t delay, double fraction, double unit_random);

}  // namespace edge
