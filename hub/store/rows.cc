#include "hub/store/rows.h"

#include <algorithm>

#include "core/environments.h"
#include "hub/state/desired_networking.h"
#include "hub/state/desired_state.h"
#include "schema/update_json.h"

namespace edge {

using nlohmann::json;

namespace {

// The hash the replica's node was told, networking included. `networking` keeps each stack's
// view between calls, so counting a large stack's replicas does not rebuild it per replica.
std::string desired_hash(const ClusterState& state, const ReplicaRecord& replica,
                         DesiredNetworking& networking) {
    const ServiceSpec* spec = spec_of(state, replica);
    if (spec == nullptr) return "";
    DesiredContainer container = unhashed_container(replica.key.stack, *spec, replica.key.replica);
    networking.add(replica.node, *spec, container);  // hashes
    return container.spec_hash;
}

std::string state_of(const ClusterState& state, const ObservedState& observed,
                     const ReplicaRecord& replica, DesiredNetworking& networking) {
    if (replica.node.empty()) return "pending";
    auto node = state.nodes.find(replica.node);
    if (node == state.nodes.end()) return "unknown";
    // Kept on a down node for its volume: it runs nowhere until the node is back.
    if (node->second.state == NodeState::kDown) return "pending";
    if (node->second.state != NodeState::kReady) return "unknown";
    const std::string hash = desired_hash(state, replica, networking);
    const ObservedContainer* container = observed.find(replica.node, replica.key, hash);
    if (container == nullptr) return "assigned";
    if (container->spec_hash != hash) return "outdated";
    // Running the previous spec on purpose: a rolling update has not reached it yet.
    if (replica.on_previous && container->state == "running") return "outdated";
    return container->state;
}

// The node's pull of the replica's image while the replica has no container yet, if the
// node reported one in flight.
const ImagePull* pull_of(const ObservedState& observed, const ReplicaRecord& replica,
                         const ServiceSpec* spec, const ObservedContainer* container) {
    if (replica.node.empty() || spec == nullptr || container != nullptr) return nullptr;
    const NodeReport* report = observed.latest(replica.node);
    if (report == nullptr) return nullptr;
    for (const auto& pull : report->pulls) {
        if (pull.image == spec->image) return &pull;
    }
    return nullptr;
}

struct Counts {
    int desired = 0;
    int running = 0;
};

Counts count_replicas(const ClusterState& state, const ObservedState& observed,
                      const std::string& stack, const std::string* service) {
    Counts counts;
    DesiredNetworking networking(state);
    for (const auto& replica : state.replicas) {
        if (replica.key.stack != stack) continue;
        if (service != nullptr && replica.key.service != *service) continue;
        ++counts.desired;
        // "running" already means: observed running with the current spec hash.
        if (state_of(state, observed, replica, networking) == "running") ++counts.running;
    }
    return counts;
}

}  // namespace

std::string replica_state(const ClusterState& state, const ObservedState& observed,
                          const ReplicaRecord& replica) {
    DesiredNetworking networking(state);
    return state_of(state, observed, replica, networking);
}

json replica_row(const ClusterState& state, const ObservedState& observed,
                 const ReplicaRecord& replica) {
    DesiredNetworking networking(state);
    return replica_row(state, observed, replica, networking);
}

json replica_row(const ClusterState& state, const ObservedState& observed,
                 const ReplicaRecord& replica, DesiredNetworking& networking) {
    const ServiceSpec* spec = spec_of(state, replica);
    const std::string hash = desired_hash(state, replica, networking);
    const ObservedContainer* container =
        replica.node.empty() ? nullptr : observed.find(replica.node, replica.key, hash);
    const CreateFailure* failure =
        replica.node.empty() ? nullptr : observed.failure(replica.node, replica.key, hash);
    const ImagePull* pull = pull_of(observed, replica, spec, container);
    return {
        {"stack", replica.key.stack},
        {"environment", split_stack_key(replica.key.stack).environment},
        {"service", replica.key.service},
        {"replica", replica.key.replica},
        {"node", replica.node},
        {"state", state_of(state, observed, replica, networking)},
        {"reason", replica.reason},
        {"memory_limit", spec == nullptr ? 0 : spec->memory_limit},
        {"memory_reservation", spec == nullptr ? 0 : effective_reservation(*spec)},
        {"image", spec == nullptr ? "" : spec->image},
        {"container_id", container == nullptr ? "" : container->id},
        // The repo digest its node pulled ("" unknown): what edgectl promote pins to.
        {"image_digest", container == nullptr ? "" : container->image_digest},
        {"spec_hash", hash},
        {"on_previous", replica.on_previous},  // a rolling update has not reached it yet
        // Day-2 insight from the agent (edgectl renders the OOM summary against its clock).
        {"health", container == nullptr ? "" : container->health},
        {"health_restarts", container == nullptr ? 0 : container->health_restarts},
        {"engine_restarts", container == nullptr ? 0 : container->engine_restarts},
        {"oom_kills", container == nullptr ? 0 : container->oom_kills},
        {"oom_times_ms", container == nullptr ? std::vector<int64_t>{} : container->oom_times_ms},
        {"memory_peak", container == nullptr ? 0 : container->memory_peak},
        // A crash loop's backoff: when the agent starts the exited container again.
        {"restart_at_ms", container == nullptr ? 0 : container->restart_at_ms},
        {"quick_exits", container == nullptr ? 0 : container->quick_exits},
        // The agent's last failed pull, create or start of this spec, and when it tries again.
        {"failure", failure == nullptr ? "" : failure->message},
        {"failure_attempts", failure == nullptr ? 0 : failure->attempts},
        {"retry_at_ms", failure == nullptr ? 0 : failure->retry_at_ms},
        // The node is pulling the replica's image: bytes so far, of the total announced so far.
        {"pulling", pull != nullptr},
        {"pull_done_bytes", pull == nullptr ? 0 : pull->done_bytes},
        {"pull_total_bytes", pull == nullptr ? 0 : pull->total_bytes}};
}

namespace {

void count_in(const ClusterState& state, const ReplicaRecord& replica, NodeLoad& load) {
    const ServiceSpec* spec = find_service(state, replica.key.stack, replica.key.service);
    if (spec != nullptr) load.reserved += effective_reservation(*spec);
    ++load.replicas;
}

}  // namespace

std::map<std::string, NodeLoad> node_loads(const ClusterState& state) {
    std::map<std::string, NodeLoad> loads;
    for (const auto& replica : state.replicas) {
        if (!replica.node.empty()) count_in(state, replica, loads[replica.node]);
    }
    return loads;
}

json node_row(const ClusterState& state, const ObservedState& observed, const NodeRecord& node,
              const PlacementConfig& config) {
    NodeLoad load;
    for (const auto& replica : state.replicas) {
        if (replica.node == node.name) count_in(state, replica, load);
    }
    return node_row(observed, node, config, load);
}

json node_row(const ObservedState& observed, const NodeRecord& node, const PlacementConfig& config,
              const NodeLoad& load) {
    NodeInfo info = node_info(node);
    const NodeReport* report = observed.latest(node.name);
    return {{"name", node.name},
            {"state", to_string(node.state)},
            {"state_since_ms", node.state_since_ms},
            {"drained", node.drained},
            {"online", node.online},
            {"class", node_class(info, config)},
            {"arch", node.facts.arch},
            {"cpus", node.facts.cpus},
            {"storage", to_string(node.facts.storage)},
            {"model", node.facts.model},
            {"address", node.facts.address},
            {"memory_total", node.facts.memory_total},
            {"devices", node.facts.devices},
            {"allocatable", std::max<int64_t>(0, allocatable_memory(info, config))},
            {"reserved", load.reserved},
            {"replicas", load.replicas},
            {"labels", node.labels},
            // Reports are not written to disk, so the freshest sign of life may be in memory.
            {"last_seen_ms", std::max(node.last_seen_ms, observed.last_report_ms(node.name))},
            {"generation", node.generation},
            {"observed_generation", report == nullptr ? 0 : report->observed_generation}};
}

// Compose's deploy.mode: replicated, global, replicated-job or global-job.
std::string service_mode(const ServiceSpec& service) {
    return std::string(service.global ? "global" : "replicated") + (service.job ? "-job" : "");
}

json service_row(const ClusterState& state, const ObservedState& observed, const std::string& stack,
                 const ServiceSpec& service) {
    Counts counts = count_replicas(state, observed, stack, &service.name);
    json row = {{"stack", stack},
                {"environment", split_stack_key(stack).environment},
                {"service", service.name},
                {"image", service.image},
                {"mode", service_mode(service)},
                {"desired", counts.desired},
                {"running", counts.running},
                {"memory_limit", service.memory_limit},
                {"memory_reservation", effective_reservation(service)},
                {"endpoints", service_endpoints(state, stack, service)}};
    const StackRecord& record = state.stacks.at(stack);
    auto rollout = record.rollouts.find(service.name);
    if (rollout != record.rollouts.end()) row["rollout"] = rollout_to_json(rollout->second);
    return row;
}

json stack_row(const ClusterState& state, const ObservedState& observed, const StackRecord& stack) {
    Counts counts = count_replicas(state, observed, stack.spec.name, nullptr);
    return {{"name", stack.spec.name},
            {"environment", split_stack_key(stack.spec.name).environment},
            {"services", stack.spec.services.size()},
            {"desired", counts.desired},
            {"running", counts.running},
            {"updated_ms", stack.updated_ms}};
}

}  // namespace edge
