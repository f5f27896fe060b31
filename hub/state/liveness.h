// The hub's side of node liveness: it feeds what it has heard from each node into the pure
// state machine (core/nodes/node_liveness.h) and commits every transition, with an event, in one
// transaction with the re-plan it causes. A node that goes down has its stateless replicas
// re-placed by the normal placement; one that comes back only receives new work.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/nodes/node_liveness.h"
#include "hub/state/transition.h"

namespace edge {

// Judges `only_node`, or every node when it is empty. `watching_since_ms` is when the hub
// (re)connected to the broker: no node is blamed for silence from before the hub could hear it.
Result<Outcome> update_liveness(HandlerContext& ctx, const LivenessConfig& config,
                                int64_t watching_since_ms, const std::string& only_node = "");

}  // namespace edge
