#include "agent/network/network_reconciler.h"

#include <spdlog/spdlog.h>

#include "agent/engine/docker_network_api.h"
#include "agent/engine/engine.h"
#include "core/network/network_plan.h"

namespace edge {

void NetworkReconciler::ensure(const DesiredSet& desired) {
    auto existing = engine_.list_networks(kLabelNode, node_);
    if (!existing.ok()) {
        spdlog::warn("cannot list networks: {}", existing.error().message);
        return;
    }
    for (const auto& network : plan_networks(desired, *existing).create) {
        Status created = create(network);
        if (!created.ok()) {
            spdlog::error("cannot create network {}: {}", network.name, created.error().message);
        }
    }
}

Status NetworkReconciler::create(const NetworkToCreate& network) {
    Status created = engine_.create_network(network, node_);
    if (created.ok()) {
        spdlog::info("created network {} for stack {} on {}", network.name, network.stack,
                     network.subnet.empty() ? "a subnet the engine picked" : network.subnet);
        return created;
    }
    if (network.subnet.empty() || !is_subnet_overlap(created.error().message)) return created;
    // The engine already has a network on that subnet: agents that share one engine (a demo,
    // a test) each make the stack's network, and only the first gets the stack's subnet. A
    // network from the engine's default pools still works; it only counts against them.
    spdlog::warn("network {}: the engine refused subnet {} ({}); using one it picks", network.name,
                 network.subnet, created.error().message);
    NetworkToCreate fallback = network;
    fallback.subnet.clear();
    fallback.gateway.clear();
    created = engine_.create_network(fallback, node_);
    if (created.ok()) spdlog::info("created network {} for stack {}", network.name, network.stack);
    return created;
}

bool NetworkReconciler::prune(const DesiredSet& desired) {
    auto existing = engine_.list_networks(kLabelNode, node_);
    if (!existing.ok()) return false;
    bool all_removed = true;
    for (const auto& name : plan_networks(desired, *existing).remove) {
        Status removed = engine_.remove_network(name);
        if (removed.ok()) {
            spdlog::info("removed network {}: no desired container uses it", name);
            refused_removals_.erase(name);
            continue;
        }
        all_removed = false;
        if (refused_removals_.insert(name).second) {
            // Usually a container still attached; the next pass tries again.
            spdlog::warn("cannot remove network {} yet: {}", name, removed.error().message);
        }
    }
    return all_removed;
}

}  // namespace edge
