// `network_mode: service:NAME` on a node: the desired container names the node's container of
// service NAME whose network namespace it joins (container:<name>), which only the hub can
// say, since it knows which replicas each node runs.
// Thread-safety: plain functions over values.
#pragma once

#include <string>

#include "core/model.h"
#include "core/result.h"
#include "hub/store/store.h"

namespace edge {

// Replaces runtime.network_mode service:NAME with container:<container name> of the replica
// of NAME on `node` (the one with the same replica number when there is one, else the lowest).
// Left as service:NAME when NAME has no replica there: the agent then reports why it cannot
// create the container.
void resolve_shared_network(const ClusterState& state, const std::string& node,
                            DesiredContainer& container);

// Each network_mode service:NAME names another service of the stack.
Status check_shared_networks(const StackSpec& stack);

}  // namespace edge
