#include "core/service_network.h"

#include <algorithm>
#include <set>

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
    return "edge-" + stack + "." + node;
}

std::vector<HostEntry> remote_service_hosts(const std::vector<ServiceSpec>& stack_services,
                                            const std::vector<ServiceReplicaPlacement>& placements,
                                            const std::string& consumer_node,
                                            const std::map<std::string, std::string>& addresses) {
    std::vector<HostEntry> hosts;
    for (const auto& service : stack_services) {
        if (service.ports.empty() && service.expose.empty()) continue;
        bool local = false;
        const ServiceReplicaPlacement* chosen = nullptr;
        for (const auto& placement : placements) {
            if (placement.service != service.name || placement.node.empty()) continue;
            if (placement.node == consumer_node) {
                local = true;
                break;
            }
            auto address = addresses.find(placement.node);
            if (address == addresses.end() || address->second.empty()) continue;
            if (chosen == nullptr || placement.replica < chosen->replica) chosen = &placement;
        }
        if (local || chosen == nullptr) continue;
        hosts.push_back({service.name, addresses.at(chosen->node)});
    }
    std::sort(hosts.begin(), hosts.end(),
              [](const HostEntry& a, const HostEntry& b) { return a.name < b.name; });
    return hosts;
}

}  // namespace edge
