#include "hub/state/stack_subnets.h"

#include <string>

namespace edge {

namespace {

void add_parsed(const std::string& text, std::vector<Ipv4Subnet>& out) {
    auto subnet = parse_ipv4_subnet(text);
    if (subnet) out.push_back(*subnet);
}

}  // namespace

std::vector<Ipv4Subnet> subnets_taken(const ClusterState& state) {
    std::vector<Ipv4Subnet> taken;
    for (const auto& [name, stack] : state.stacks) {
        if (!stack.subnet.empty()) add_parsed(stack.subnet, taken);
    }
    for (const auto& [name, node] : state.nodes) {
        for (const auto& network : node.facts.networks_in_use) add_parsed(network, taken);
    }
    return taken;
}

Status assign_stack_subnets(const ClusterState& before, ClusterState& next,
                            const SubnetPool& pool) {
    bool missing = false;
    for (auto& [name, stack] : next.stacks) {
        if (!stack.subnet.empty()) continue;
        auto old = before.stacks.find(name);
        if (old != before.stacks.end()) stack.subnet = old->second.subnet;
        missing = missing || stack.subnet.empty();
    }
    if (!missing) return ok_status();
    std::vector<Ipv4Subnet> taken = subnets_taken(next);
    for (auto& [name, stack] : next.stacks) {
        if (!stack.subnet.empty()) continue;
        auto subnet = allocate_subnet(pool, taken);
        if (subnet) {
            stack.subnet = subnet->text();
            taken.push_back(*subnet);
            continue;
        }
        if (before.stacks.contains(name)) continue;  // predates the pool: keeps what it has
        return make_error("stack " + name + " gets no network: " + subnet.error().message +
                          " (the stack subnet pool; every subnet there is used by another "
                          "stack or by a network a node reports in use). Remove a stack, or "
                          "give edge-hub a larger --stack-subnet-pool or a longer "
                          "--stack-subnet-size");
    }
    return ok_status();
}

}  // namespace edge
