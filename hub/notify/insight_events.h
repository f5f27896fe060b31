// The events a node's report implies when compared with its previous one: OOM kills (with the
// advice of a larger limit and whether it would fit the node), health changes, and restarts
// the agent made because a replica was unhealthy. Reports are level-triggered (counters, not
// notices), so a repeated or lost report never doubles or drops a count; only the increase
// between two reports of the same container becomes an event.
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "core/placement/placement.h"
#include "hub/store/store.h"

namespace edge {

std::vector<Event> insight_events(const ClusterState& state, const PlacementConfig& placement,
                                  const NodeReport* previous, const NodeReport& current,
                                  int64_t now_ms);

}  // namespace edge
