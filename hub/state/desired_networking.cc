#include "hub/state/desired_networking.h"

#include <algorithm>
#include <climits>

#include "core/network/ipv4_subnet.h"
#include "core/network/service_network.h"
#include "hub/state/shared_network.h"
#include "schema/messages.h"

namespace edge {

namespace {

// The replicas of one stack: state.replicas is sorted by key, and the key starts with the
// stack, so they are one contiguous run.
std::vector<ServiceReplicaPlacement> stack_placements(const ClusterState& state,
                                                      const std::string& stack) {
    std::vector<ServiceReplicaPlacement> placements;
    auto first = std::lower_bound(
        state.replicas.begin(), state.replicas.end(), ReplicaKey{stack, "", INT_MIN},
        [](const ReplicaRecord& record, const ReplicaKey& key) { return record.key < key; });
    for (auto it = first; it != state.replicas.end() && it->key.stack == stack; ++it) {
        placements.push_back({it->key.service, it->key.replica, it->node});
    }
    return placements;
}

// The stack's subnet and its gateway, the first host address, as the agent creates the
// network with them. A stack without a subnet (not yet assigned) leaves both empty.
void set_network_addressing(const std::string& subnet, DesiredContainer& container) {
    auto parsed = parse_ipv4_subnet(subnet);
    if (!parsed) return;
    container.network_subnet = parsed->text();
    container.network_gateway = ipv4_text(first_host(*parsed));
}

std::string address_of(const ClusterState& state, const std::string& node) {
    auto record = state.nodes.find(node);
    return record == state.nodes.end() ? "" : record->second.facts.address;
}

}  // namespace

const StackNetworkView& DesiredNetworking::view_of(const std::string& stack) {
    auto cached = views_.find(stack);
    if (cached != views_.end()) return cached->second;
    static const std::vector<ServiceSpec> kNoServices;
    auto record = state_.stacks.find(stack);
    const auto& services =
        record == state_.stacks.end() ? kNoServices : record->second.spec.services;
    bool reachable = std::any_of(services.begin(), services.end(), [](const ServiceSpec& s) {
        return !s.ports.empty() || !s.expose.empty();
    });
    // Most stacks have nothing to resolve across nodes: skip copying their placements.
    std::vector<ServiceReplicaPlacement> placements;
    if (reachable) placements = stack_placements(state_, stack);
    std::map<std::string, std::string> addresses;
    for (const auto& placement : placements) {
        if (!placement.node.empty() && !addresses.contains(placement.node)) {
            addresses[placement.node] = address_of(state_, placement.node);
        }
    }
    return views_.emplace(stack, StackNetworkView(services, placements, addresses)).first->second;
}

void DesiredNetworking::add(const std::string& node, const ServiceSpec& spec,
                            DesiredContainer& container) {
    if (!state_.stacks.contains(container.stack)) {
        container.spec_hash = spec_hash(container);
        return;
    }
    container.network = stack_network_name(node, container.stack);
    set_network_addressing(state_.stacks.at(container.stack).subnet, container);
    container.aliases = {spec.name};
    for (const auto& alias : spec.network_aliases) {
        if (std::find(container.aliases.begin(), container.aliases.end(), alias) ==
            container.aliases.end()) {
            container.aliases.push_back(alias);
        }
    }
    container.ports = container_port_bindings(spec, address_of(state_, node));
    container.depends_on = spec.depends_on;
    container.extra_hosts = view_of(container.stack).remote_hosts(node);
    resolve_shared_network(state_, node, container);
    container.spec_hash = spec_hash(container);
}

void add_networking(const ClusterState& state, const std::string& node, const ServiceSpec& spec,
                    DesiredContainer& container) {
    DesiredNetworking(state).add(node, spec, container);
}

std::vector<std::string> service_endpoints(const ClusterState& state, const std::string& stack,
                                           const ServiceSpec& spec) {
    std::vector<std::pair<std::string, uint16_t>> endpoints;
    for (const auto& placement : stack_placements(state, stack)) {
        if (placement.service != spec.name || placement.node.empty()) continue;
        for (const auto& port : host_ports(spec)) endpoints.emplace_back(placement.node, port.port);
    }
    std::sort(endpoints.begin(), endpoints.end());
    endpoints.erase(std::unique(endpoints.begin(), endpoints.end()), endpoints.end());
    std::vector<std::string> text;
    for (const auto& [node, port] : endpoints) text.push_back(node + ":" + std::to_string(port));
    return text;
}

}  // namespace edge
