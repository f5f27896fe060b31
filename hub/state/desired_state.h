// Pure derivations from the stored desired state: what placement sees of the cluster, and
// the complete desired set of containers for each node.
// Thread-safety: plain functions over values.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/placement/placement.h"
#include "hub/store/store.h"

namespace edge {

// A node may receive new replicas only while it is ready and not drained; it keeps the ones
// it has unless it is down or drained.
NodeInfo node_info(const NodeRecord& node);
PlacementInput placement_input(const ClusterState& state, const PlacementConfig& config,
                               int64_t now_ms);

const ServiceSpec* find_service(const ClusterState& state, const std::string& stack,
                                const std::string& service);

// Whether the service is a job (docs/jobs.md), whose containers the job driver places.
bool is_job_service(const ClusterState& state, const std::string& stack,
                    const std::string& service);

// The spec a replica runs: its service's previous spec while a rolling update has not reached
// it, the current one otherwise; nullptr when the service is gone.
const ServiceSpec* spec_of(const ClusterState& state, const ReplicaRecord& replica);

// The update policy that replaces containers of `current` (a service of `stack`) now:
// update_config, or while rolling back the rollback_config of the spec being left, except for
// a replica still `on_previous` (on that failed spec), which keeps the failed spec's
// update_config until the rollback reaches it.
const UpdateConfig& update_config_in_effect(const StackRecord& stack, const ServiceSpec& current,
                                            bool on_previous = false);

// The container for one replica of a service without its spec hash, for callers that add
// networking (which hashes) and so would hash twice.
DesiredContainer unhashed_container(const std::string& stack, const ServiceSpec& spec,
                                    int replica);

// The container for one replica of a service, with its spec_hash filled in.
DesiredContainer desired_container(const std::string& stack, const ServiceSpec& spec, int replica);

// The container for one replica placed on `node`, networking included
// (hub/state/desired_networking.h): what that node's desired set carries.
DesiredContainer desired_container_on(const ClusterState& state, const std::string& node,
                                      const std::string& stack, const ServiceSpec& spec,
                                      int replica);

// Every placed replica, grouped by node, each list sorted by (stack, service, replica).
// Nodes without replicas are absent; with `only`, so are the nodes it does not name.
std::map<std::string, std::vector<DesiredContainer>> desired_by_node(
    const ClusterState& state, const std::set<std::string>* only = nullptr);

// The complete desired set of one node at its stored generation (empty if it has no replicas).
DesiredSet desired_set(const ClusterState& state, const std::string& node);

// The desired sets of many nodes from one pass over the replicas; asking desired_set() once per
// node would scan every replica of the cluster for each of them.
std::vector<DesiredSet> desired_sets(const ClusterState& state,
                                     const std::vector<std::string>& nodes);
// The same, in the order of `nodes`, taking from `built` (sets placement built, see Outcome)
// each one still at its node's current generation instead of building it again; the later of
// two for one node wins.
std::vector<DesiredSet> desired_sets(const ClusterState& state,
                                     const std::vector<std::string>& nodes,
                                     std::vector<DesiredSet> built);

}  // namespace edge
