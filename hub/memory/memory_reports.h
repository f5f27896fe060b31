// What a node's report means for learned limits (docs/memory.md): it feeds the usage
// histories; for a service in auto mode, an OOM kill raises the limit at once and restarts
// that replica with it, and a replica that restarted for another reason takes the learned
// limit; a new recommendation is announced once in an event. Reports are level-triggered, so
// only the increase of a container's counters between two reports counts.
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include "hub/memory/memory_learning.h"
#include "hub/state/transition.h"

namespace edge {

// `previous` is the node's report before `current` (nullptr when the hub has none); call this
// before recording `current` as the node's latest.
Result<Outcome> learn_from_report(HandlerContext& ctx, MemoryLearning& learning,
                                  const NodeReport* previous, const NodeReport& current);

}  // namespace edge
