// Placement: a pure function from (nodes, services, current placements, now) to a plan.
// It never over-commits a node's allocatable memory, honours constraints, keeps databases off
// low-power nodes, spreads replicas of a service, keeps existing healthy placements, and gives
// every pending replica a reason that names every node and why it was refused.
// Deterministic: the same input always gives the same plan.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/network/subnet_pool.h"

namespace edge {

struct PlacementConfig {
    // Memory kept back on every node for the OS, the engine and the agent.
    int64_t node_reserve = 256LL * 1024 * 1024;
    // Nodes with less total RAM than this are low-power.
    int64_t low_power_threshold = 4LL * 1024 * 1024 * 1024;
    // Where each stack's network gets its subnet (--stack-subnet-pool, --stack-subnet-size).
    // Not used by placement itself; it travels with the rest of the hub's planning settings.
    SubnetPool stack_subnets;
};

// What placement knows about one node.
struct NodeInfo {
    std::string name;
    NodeFacts facts;
    std::map<std::string, std::string> labels;
    bool schedulable = true;           // may receive new replicas; false when not ready or drained
    std::string unschedulable_reason;  // e.g. "node is unreachable", "node is drained"
    // Existing replicas stay while this holds; false when the node is down or drained, so
    // its replicas are re-placed elsewhere by the normal rules. Replicas bound to the node by
    // their volumes (holds_node_local_state) stay regardless: their data is there.
    bool retains_placements = true;
    // The node is gone (not merely drained): replicas bound to it wait for it to come back.
    bool down = false;
};

struct ReplicaKey {
    std::string stack;
    std::string service;
    int replica = 0;
    auto operator<=>(const ReplicaKey&) const = default;
};

struct CurrentPlacement {
    ReplicaKey key;
    std::string node;
};

struct ServiceToPlace {
    std::string stack;
    ServiceSpec spec;
    // A job's containers (docs/jobs.md): the current placements are kept as they are, whatever
    // their replica numbers, and nothing new is placed. They count against their nodes' memory
    // and ports like any replica.
    bool fixed = false;
};

struct PlacementInput {
    std::vector<NodeInfo> nodes;
    std::vector<ServiceToPlace> services;
    std::vector<CurrentPlacement> current;
    int64_t now_ms = 0;
    PlacementConfig config;
};

struct ReplicaAssignment {
    ReplicaKey key;
    std::string node;  // empty: pending
    // Why pending; empty when placed. A replica kept on a down or drained node because its
    // volume lives there has both: the node and why it waits there.
    std::string reason;
};

struct Plan {
    std::vector<ReplicaAssignment> replicas;  // every replica of every service, sorted by key
};

// Derived node facts.
int64_t allocatable_memory(const NodeInfo& node, const PlacementConfig& config);
bool is_low_power(const NodeInfo& node, const PlacementConfig& config);
const char* node_class(const NodeInfo& node,
                       const PlacementConfig& config);  // "low-power"/"standard"
bool is_database(const ServiceSpec& service);
// The service keeps data on its node's disk (a named volume or a writable bind mount), so a
// replica cannot move to another node without losing it. Anonymous volumes and tmpfs do not
// count: a new container starts without them anyway.
bool holds_node_local_state(const ServiceSpec& service);
// The memory a replica holds on its node: the reservation, or the limit when none is declared.
int64_t effective_reservation(const ServiceSpec& service);

Plan plan_placement(const PlacementInput& input);

}  // namespace edge
