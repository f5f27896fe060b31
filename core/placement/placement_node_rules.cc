#include "core/placement/placement_node_rules.h"

#include <algorithm>
#include <set>

#include "core/placement/node_policy.h"

namespace edge {

std::string device_refusal(const NodeFacts& node, const ServiceSpec& service) {
    std::string missing;
    for (const auto& device : service.runtime.devices) {
        if (std::binary_search(node.devices.begin(), node.devices.end(), device.host_path)) {
            continue;
        }
        // Name every missing device at once: the user plugs in, or looks for, all of them.
        if (missing.find(" " + device.host_path + ",") != std::string::npos) continue;
        missing += " " + device.host_path + ",";
    }
    if (missing.empty()) return "";
    missing.pop_back();
    return "no" + missing;
}

std::string node_policy_refusal(const NodeFacts& node, const ServiceSpec& service) {
    if (!node.policy) return "";
    return policy_refusal(*node.policy, service.runtime, service.volumes);
}

std::vector<HostPort> placement_host_ports(const ServiceSpec& service) {
    if (service.runtime.network_mode != "host") return host_ports(service);
    std::set<HostPort> ports;
    for (const auto& port : service.ports) ports.insert({port.container_port, port.protocol});
    for (const auto& port : service.expose) ports.insert({port.container_port, port.protocol});
    return {ports.begin(), ports.end()};
}

std::string network_peer_service(const ServiceSpec& service) {
    const std::string prefix = "service:";
    if (!service.runtime.network_mode.starts_with(prefix)) return "";
    return service.runtime.network_mode.substr(prefix.size());
}

}  // namespace edge
