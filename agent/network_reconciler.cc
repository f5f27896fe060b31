#include "agent/network_reconciler.h"

#include <spdlog/spdlog.h>

#include "agent/engine.h"
#include "core/network_plan.h"

namespace edge {

void NetworkReconciler::ensure(const DesiredSet& desired) {
    auto existing = engine_.list_networks(kLabelNode, node_);
    if (!existing.ok()) {
        spdlog::warn("cannot list networks: {}", existing.error().message);
        return;
    }
    for (const auto& network : plan_networks(desired, *existing).create) {
        Status created = engine_.create_network(network.name, node_, network.stack);
        if (created.ok()) {
            spdlog::info("created network {} for stack {}", network.name, network.stack);
        } else {
            spdlog::error("cannot create network {}: {}", network.name, created.error().message);
        }
    }
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
