// NetworkEngine: the container engine's networks, as the agent needs them for a stack's
// per-node bridge network (docs/networking.md). Kept apart from ContainerEngine so the
// container operations stay one small interface.
// Thread-safety: implementations must allow calls from several threads at once.
#pragma once

#include <string>
#include <vector>

#include "core/network/network_plan.h"
#include "core/result.h"

namespace edge {

class NetworkEngine {
  public:
    virtual ~NetworkEngine() = default;

    // Names of the networks carrying label `key=value`.
    virtual Result<std::vector<std::string>> list_networks(const std::string& key,
                                                           const std::string& value) = 0;
    // Creates a user-defined bridge network labelled with this node and the network's stack, so
    // the engine's DNS resolves its containers by their aliases, on the network's subnet and
    // gateway when it has them (else the engine's default address pools pick). One that already
    // exists is success.
    virtual Status create_network(const NetworkToCreate& network, const std::string& node) = 0;
    // Removes a network; one already gone is success. Fails while containers are attached.
    virtual Status remove_network(const std::string& name) = 0;
};

}  // namespace edge
