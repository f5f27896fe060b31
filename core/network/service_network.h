// Cluster networking, the pure part: which host ports a service binds on its node, which
// bindings a container gets so consumers on other nodes reach it, the name of a stack's
// network on a node, and which service names a consumer must resolve to another node's
// address. docs/networking.md describes the whole design.
//
// On one node, Docker's embedded DNS resolves a stack's services through their aliases on the
// stack's bridge network. Across nodes there is no overlay: a service's `expose` and `ports`
// container ports are published on its node's advertised address at the same port number,
// and consumers elsewhere get `name -> node address` lines in /etc/hosts (ExtraHosts).
// Thread-safety: plain functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

// One host port as placement sees it: the engine refuses a second binding of the same port
// and protocol on one node, whatever the address.
struct HostPort {
    uint16_t port = 0;
    std::string protocol = "tcp";
    std::string text() const { return std::to_string(port) + "/" + protocol; }
    auto operator<=>(const HostPort&) const = default;
};

// Every host port a replica of `service` binds: its published ports, and each `expose` port
// or `ports` entry without a host port, published at the container port's number for other
// nodes.
std::vector<HostPort> host_ports(const ServiceSpec& service);

// The port bindings a replica's container gets on a node whose advertised address is
// `address` (empty: all addresses): the service's own `ports`, plus one binding
// address:P -> P for each container port P in `expose` or in a `ports` entry without a host
// port, unless P is already published at P on all addresses. A `ports` entry "8080:80" is
// reached from other nodes at 8080.
std::vector<PortMapping> container_port_bindings(const ServiceSpec& service,
                                                 const std::string& address);

// The user-defined bridge network a stack's containers join on one node. It names the node
// so that agents sharing one engine (a demo, a test) never share or remove each other's.
std::string stack_network_name(const std::string& node, const std::string& stack);

// Where one replica of a stack's service runs.
struct ServiceReplicaPlacement {
    std::string service;
    int replica = 0;
    std::string node;  // empty: pending
};

// Where a stack's reachable services run, prepared once so that the hosts lines of every
// consumer node cost one lookup per service rather than a pass over the stack's replicas
// (a global service on 1,000 nodes has 1,000 consumers and 1,000 replicas).
class StackNetworkView {
  public:
    StackNetworkView(const std::vector<ServiceSpec>& stack_services,
                     const std::vector<ServiceReplicaPlacement>& placements,
                     const std::map<std::string, std::string>& addresses);

    // As remote_service_hosts() below.
    std::vector<HostEntry> remote_hosts(const std::string& consumer_node) const;

  private:
    struct Reachable {
        std::string name;
        std::set<std::string> nodes;  // every node with a placed replica
        std::string address;          // of the lowest placed replica with a known address
    };
    std::vector<Reachable> services_;  // sorted by name
};

// The /etc/hosts lines a container of `stack` on `consumer_node` needs: one per service of
// the stack that is reachable (has `expose` or `ports`), runs on another node with a known
// address, and has no replica on the consumer's node (a local replica is found through the
// stack network's DNS instead, and a hosts line would shadow it). With replicas on several
// other nodes, the lowest replica index wins, so every consumer picks the same one.
// Sorted by name.
std::vector<HostEntry> remote_service_hosts(const std::vector<ServiceSpec>& stack_services,
                                            const std::vector<ServiceReplicaPlacement>& placements,
                                            const std::string& consumer_node,
                                            const std::map<std::string, std::string>& addresses);

}  // namespace edge
