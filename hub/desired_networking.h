// The networking part of a desired container (docs/networking.md): the stack's network on the
// node and the container's aliases on it, port bindings on the node's advertised address for
// consumers on other nodes, and /etc/hosts lines naming the services of its stack that run
// only on other nodes. A replica that moves changes its consumers' hosts lines, hence their
// spec hash, so the agents replace them and they follow it.
// Thread-safety: plain functions over values.
#pragma once

#include <string>

#include "core/model.h"
#include "hub/store.h"

namespace edge {

// Fills the networking fields of `container`, a replica of `spec` in `stack` placed on `node`,
// and recomputes its spec hash. Costs a search of the stack's replicas, not of the cluster's.
void add_networking(const ClusterState& state, const std::string& node, const ServiceSpec& spec,
                    DesiredContainer& container);

// "node:port" for every placed replica and reachable host port of a service, for
// `edgectl service ls`; sorted by node, then port.
std::vector<std::string> service_endpoints(const ClusterState& state, const std::string& stack,
                                           const ServiceSpec& spec);

}  // namespace edge
