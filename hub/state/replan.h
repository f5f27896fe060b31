// Re-planning and change computation: the pure step between "the user (or a node) changed
// something" and "commit it". replan() runs placement over the new state, bumps the
// generation of every node whose desired set changed and describes what moved; diff_states()
// turns two states into the StateChange the store applies in one transaction.
// Thread-safety: plain functions over values.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/placement/placement.h"
#include "hub/store/store.h"

namespace edge {

struct Replanned {
    std::set<std::string> changed_nodes;  // nodes whose desired set content changed
    std::vector<Event> events;            // placements, moves, removals, pending replicas
    // The new desired sets of the changed nodes, at their bumped generations: placement has
    // built them to compare, and publishing them need not build them again.
    std::vector<DesiredSet> changed_sets;
};

// Places every replica of `next` (keeping current placements that still hold), stores the
// plan in next.replicas and bumps next.nodes[n].generation for each changed node n. The
// generation moves only when a node's set content changes, never on a no-op re-plan.
Replanned replan(const ClusterState& before, ClusterState& next, const PlacementConfig& config,
                 int64_t now_ms);

// What must be written to turn `before` into `after`.
StateChange diff_states(const ClusterState& before, const ClusterState& after);

}  // namespace edge
