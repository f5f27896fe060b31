// The rows the hub answers queries with (shapes fixed in schema/requests.h): ReplicaRow,
// NodeRow and the service/stack summaries, joining desired state with the latest reports.
// Thread-safety: plain functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/placement/placement.h"
#include "hub/state/desired_networking.h"
#include "hub/state/observed_state.h"
#include "hub/store/store.h"

namespace edge {

// pending | assigned | running | created | restarting | exited | dead | paused | outdated |
// unknown (its node is unreachable, so the last report cannot be trusted). A replica kept on a
// down node because its volume is there is pending: it runs nowhere until the node is back.
std::string replica_state(const ClusterState& state, const ObservedState& observed,
                          const ReplicaRecord& replica);

nlohmann::json replica_row(const ClusterState& state, const ObservedState& observed,
                           const ReplicaRecord& replica);
// The same, reusing `networking`'s per-stack views: for a loop over many replicas.
nlohmann::json replica_row(const ClusterState& state, const ObservedState& observed,
                           const ReplicaRecord& replica, DesiredNetworking& networking);
// What is placed on a node: its replicas and the memory they reserve.
struct NodeLoad {
    int replicas = 0;
    int64_t reserved = 0;
};
// Every node's load in one pass over the replicas: listing 1,000 nodes must not scan 10,000
// replicas for each of them.
std::map<std::string, NodeLoad> node_loads(const ClusterState& state);

nlohmann::json node_row(const ClusterState& state, const ObservedState& observed,
                        const NodeRecord& node, const PlacementConfig& config);
// The same with the node's load already counted.
nlohmann::json node_row(const ObservedState& observed, const NodeRecord& node,
                        const PlacementConfig& config, const NodeLoad& load);
nlohmann::json service_row(const ClusterState& state, const ObservedState& observed,
                           const std::string& stack, const ServiceSpec& service);
nlohmann::json stack_row(const ClusterState& state, const ObservedState& observed,
                         const StackRecord& stack);

}  // namespace edge
