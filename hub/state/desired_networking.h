// The networking part of a desired container (docs/networking.md): the stack's network on the
// node and the container's aliases on it, port bindings on the node's advertised address for
// consumers on other nodes, and /etc/hosts lines naming the services of its stack that run
// only on other nodes. A replica that moves changes its consumers' hosts lines, hence their
// spec hash, so the agents replace them and they follow it.
// Thread-safety: plain functions over values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/network/service_network.h"
#include "hub/store/store.h"

namespace edge {

// Fills the networking fields of desired containers. Each stack's view of where its services
// run is built on first use and kept, so building every node's set costs one pass over each
// stack's replicas. Holds a reference to `state`, which must outlive it and stay unchanged.
class DesiredNetworking {
  public:
    explicit DesiredNetworking(const ClusterState& state) : state_(state) {}

    // Fills the networking fields of `container`, a replica of `spec` placed on `node`, and
    // recomputes its spec hash.
    void add(const std::string& node, const ServiceSpec& spec, DesiredContainer& container);

  private:
    const StackNetworkView& view_of(const std::string& stack);

    const ClusterState& state_;
    std::map<std::string, StackNetworkView> views_;
};

// The same for one container, for callers that need only a few.
void add_networking(const ClusterState& state, const std::string& node, const ServiceSpec& spec,
                    DesiredContainer& container);

// "node:port" for every placed replica and reachable host port of a service, for
// `edgectl service ls`; sorted by node, then port.
std::vector<std::string> service_endpoints(const ClusterState& state, const std::string& stack,
                                           const ServiceSpec& spec);

}  // namespace edge
