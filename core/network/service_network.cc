#include "core/network/service_network.h"

#include <algorithm>
#include <set>

#include "core/environments.h"

namespace edge {

namespace {

// Container ports published at their own number for other nodes, in declaration order,
// without duplicates: `expose`, and `ports` entries that name no host port. A `ports` entry
// with a host port ("8080:80") is reached at that host port instead: publishing 80 as well
// would keep every pair of web apps on container port 80 off each other's nodes.
std::vector<HostPort> cluster_container_ports(const ServiceSpec& service) {
    std::vector<HostPort> ports;
    auto add = [&](const PortMapping& mapping) {
        HostPort port{mapping.container_port, mapping.protocol};
        if (std::find(ports.begin(), ports.end(), port) == ports.end()) ports.push_back(port);
    };
    for (const auto& mapping : service.ports) {
        if (mapping.host_port == 0) add(mapping);
    }
    for (const auto& mapping : service.expose) add(mapping);
    return ports;
}

bool published_everywhere_at(const ServiceSpec& service, const HostPort& port) {
    return std::any_of(service.ports.begin(), service.ports.end(), [&](const PortMapping& p) {
        return p.host_port == port.port && p.protocol == port.protocol && p.host_ip.empty();
    });
}

}  // namespace

std::vector<HostPort> host_ports(const ServiceSpec& service) {
    std::set<HostPort> ports;
    for (const auto& mapping : service.ports) {
        if (mapping.host_port != 0) ports.insert({mapping.host_port, mapping.protocol});
    }
    for (const auto& port : cluster_container_ports(service)) ports.insert(port);
    return {ports.begin(), ports.end()};
}

std::vector<PortMapping> container_port_bindings(const ServiceSpec& service,
                                                 const std::string& address) {
    std::vector<PortMapping> bindings = service.ports;
    for (const auto& port : cluster_container_ports(service)) {
        if (published_everywhere_at(service, port)) continue;
        bindings.push_back({port.port, port.port, port.protocol, address});
    }
    return bindings;
}

std::string stack_network_name(const std::string& node, const std::string& stack) {
    return "edge-" + engine_stack_name(stack) + "." + node;
}

StackNetworkView::StackNetworkView(const std::vector<ServiceSpec>& stack_services,
                                   const std::vector<ServiceReplicaPlacement>& placements,
                                   const std::map<std::string, std::string>& addresses) {
    std::map<std::string, size_t> index;
    for (const auto& service : stack_services) {
        if (service.ports.empty() && service.expose.empty()) continue;
        index[service.name] = services_.size();
        services_.push_back({service.name, {}, ""});
    }
    std::map<std::string, int> lowest;  // service -> replica index behind `address`
    for (const auto& placement : placements) {
        auto found = index.find(placement.service);
        if (found == index.end() || placement.node.empty()) continue;
        Reachable& service = services_[found->second];
        service.nodes.insert(placement.node);
        auto address = addresses.find(placement.node);
        if (address == addresses.end() || address->second.empty()) continue;
        auto best = lowest.find(service.name);
        if (best != lowest.end() && best->second <= placement.replica) continue;
        lowest[service.name] = placement.replica;
        service.address = address->second;
    }
    std::sort(services_.begin(), services_.end(),
              [](const Reachable& a, const Reachable& b) { return a.name < b.name; });
}

std::vector<HostEntry> StackNetworkView::remote_hosts(const std::string& consumer_node) const {
    std::vector<HostEntry> hosts;
    for (const auto& service : services_) {
        // With no replica on the consumer's node, every replica is remote, so the lowest one
        // with a known address is the one to name.
        if (service.address.empty() || service.nodes.contains(consumer_node)) continue;
        hosts.push_back({service.name, service.address});
    }
    return hosts;
}

std::vector<HostEntry> remote_service_hosts(const std::vector<ServiceSpec>& stack_services,
                                            const std::vector<ServiceReplicaPlacement>& placements,
                                            const std::string& consumer_node,
                                            const std::map<std::string, std::string>& addresses) {
    return StackNetworkView(stack_services, placements, addresses).remote_hosts(consumer_node);
}

}  // namespace edge
