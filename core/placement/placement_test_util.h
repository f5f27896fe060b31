// Helpers shared by the placement tests: typical nodes, a one-stack cluster, and a replica's
// assignment in a plan.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/byte_units.h"
#include "core/placement/placement.h"

namespace edge::placement_test {

inline NodeInfo nuc(const std::string& name, int64_t memory = 16 * kGiB) {
    NodeInfo node;
    node.name = name;
    node.facts = {memory, "amd64", 4, StorageKind::kSsd, "Intel NUC"};
    return node;
}

// Every service in one stack, "app".
inline PlacementInput cluster(std::vector<NodeInfo> nodes, std::vector<ServiceSpec> services) {
    PlacementInput input;
    input.nodes = std::move(nodes);
    for (auto& spec : services) input.services.push_back({"app", std::move(spec)});
    return input;
}

// The assignment of `service`'s `replica`, or one whose node reads "<missing>".
inline const ReplicaAssignment& find(const Plan& plan, const std::string& service, int replica) {
    for (const auto& assignment : plan.replicas) {
        if (assignment.key.service == service && assignment.key.replica == replica) {
            return assignment;
        }
    }
    static const ReplicaAssignment kMissing{{"", "<missing>", -1}, "<missing>", "<missing>"};
    return kMissing;
}

}  // namespace edge::placement_test
