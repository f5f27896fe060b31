// The agent's network reconcile, the pure part: which of this node's stack networks to create
// before containers are created, and which to remove once no desired container uses them.
// Thread-safety: plain functions over values.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/reconcile/reconcile.h"

namespace edge {

struct NetworkToCreate {
    std::string name;
    std::string stack;
    // The IPv4 subnet (CIDR) and gateway the hub assigned to the stack; empty: the engine's
    // default address pools pick one (a hub older than the stack subnet pool).
    std::string subnet;
    std::string gateway;
    bool operator==(const NetworkToCreate&) const = default;
};

struct NetworkPlan {
    std::vector<NetworkToCreate> create;  // sorted by name
    std::vector<std::string> remove;      // sorted by name
};

// existing: the names of the networks carrying this node's label. A network that exists is
// left as it is, whatever its subnet: one made before the hub assigned subnets keeps the one the
// engine picked while containers use it (docs/networking.md). A network is removed only
// when no desired container names it; the engine refuses while a container is still attached
// (one being replaced), and the next pass retries.
NetworkPlan plan_networks(const DesiredSet& desired, const std::vector<std::string>& existing);

// Orders the create actions of one pass so that, within a stack, a service's containers are
// created and started after those of the services it depends_on (Compose's depends_on, first
// starts only: nothing waits for readiness, and restarts follow each container's restart
// policy). Other actions keep their places: removals stay first. A dependency cycle, which the
// Compose parser refuses, leaves the order as it was.
std::vector<ReconcileAction> order_first_starts(std::vector<ReconcileAction> actions);

}  // namespace edge
