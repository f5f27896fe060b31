// Changing a service's applied memory limit, safely (docs/memory.md): the replica that was
// already restarted (OOM-killed) switches at once; the others roll per update_config, so no
// healthy container is killed all at once. Placement checks the new reservation first: a
// replica that no longer fits its node moves, and the event says why; a limit that fits on no
// node is not applied, the replicas keep their old limit, and the pending-resize reason names
// every node as placement's reasons do.
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hub/memory/memory_learning.h"
#include "hub/state/transition.h"

namespace edge {

struct MemoryResize {
    std::string stack;
    std::string service;
    int64_t limit = 0;
    // A replica whose container already restarted (after an OOM kill): it takes the new limit
    // now. nullopt: every replica rolls per update_config.
    std::optional<int> restarted;
    // Why, as the event's middle: "after an OOM kill at 1.0 GiB (peak 1.0 GiB)".
    std::string cause;
};

// Applies `resize` (re-plans, commits and describes it in a "memory" event), or leaves the
// limit and records and announces why it cannot. Nothing happens when the limit is already
// in force or the service is gone.
Result<Outcome> resize_service(HandlerContext& ctx, MemoryLearning& learning,
                               const MemoryResize& resize);

}  // namespace edge
