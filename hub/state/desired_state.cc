#include "hub/state/desired_state.h"

#include <set>

#include "hub/state/desired_networking.h"

namespace edge {

NodeInfo node_info(const NodeRecord& node) {
    NodeInfo info;
    info.name = node.name;
    info.facts = node.facts;
    info.labels = node.labels;
    bool ready = node.state == NodeState::kReady;
    info.schedulable = ready && !node.drained;
    if (!ready) {
        info.unschedulable_reason = std::string("node is ") + to_string(node.state);
    } else if (node.drained) {
        info.unschedulable_reason = "node is drained";
    }
    // Replicas stay on an unreachable node: one that is merely slow must not have its work
    // duplicated elsewhere. Only past the grace period (down), or when drained, do they move.
    info.down = node.state == NodeState::kDown;
    info.retains_placements = !info.down && !node.drained;
    return info;
}

PlacementInput placement_input(const ClusterState& state, const PlacementConfig& config,
                               int64_t now_ms) {
    PlacementInput input;
    input.config = config;
    input.now_ms = now_ms;
    for (const auto& [name, node] : state.nodes) input.nodes.push_back(node_info(node));
    for (const auto& [name, stack] : state.stacks) {
        for (const auto& service : stack.spec.services) {
            // A job's containers are placed by the job driver, per run; placement only counts
            // the running ones.
            input.services.push_back({name, service, service.job.has_value()});
        }
    }
    for (const auto& replica : state.replicas) {
        if (!replica.node.empty()) input.current.push_back({replica.key, replica.node});
    }
    return input;
}

const ServiceSpec* find_service(const ClusterState& state, const std::string& stack,
                                const std::string& service) {
    auto found = state.stacks.find(stack);
    if (found == state.stacks.end()) return nullptr;
    for (const auto& spec : found->second.spec.services) {
        if (spec.name == service) return &spec;
    }
    return nullptr;
}

bool is_job_service(const ClusterState& state, const std::string& stack,
                    const std::string& service) {
    const ServiceSpec* spec = find_service(state, stack, service);
    return spec != nullptr && spec->job.has_value();
}

const ServiceSpec* spec_of(const ClusterState& state, const ReplicaRecord& replica) {
    const ServiceSpec* current = find_service(state, replica.key.stack, replica.key.service);
    if (current == nullptr || !replica.on_previous) return current;
    const StackRecord& stack = state.stacks.at(replica.key.stack);
    auto previous = stack.previous.find(replica.key.service);
    return previous == stack.previous.end() ? current : &previous->second;
}

const UpdateConfig& update_config_in_effect(const StackRecord& stack, const ServiceSpec& current,
                                            bool on_previous) {
    auto rollout = stack.rollouts.find(current.name);
    if (rollout == stack.rollouts.end() || rollout->second.phase != RolloutPhase::kRollingBack) {
        return current.update;
    }
    auto left = stack.previous.find(current.name);
    if (left == stack.previous.end()) return current.rollback;
    // A replica not yet rolled back still runs the failed spec, which it reached under that
    // spec's update_config; its order must hold until the rollback reaches it, or a container
    // that start-first kept serving would be stopped early.
    return on_previous ? left->second.update : left->second.rollback;
}

namespace {

// Whether the replica's next replacement starts its new container before removing the old one.
bool replaced_start_first(const ClusterState& state, const ReplicaRecord& replica) {
    const ServiceSpec* current = find_service(state, replica.key.stack, replica.key.service);
    if (current == nullptr) return false;
    const UpdateConfig& config =
        update_config_in_effect(state.stacks.at(replica.key.stack), *current, replica.on_previous);
    return config.order == UpdateConfig::Order::kStartFirst;
}

// A job's container runs once to completion: the hub retries a failed attempt with a new
// container, so the engine must never restart it, nor the agent after a power cut.
void mark_job_container(const ReplicaRecord& replica, DesiredContainer& container) {
    if (replica.job_run == 0) return;
    container.restart = RestartPolicy::kNo;
    container.job_run = replica.job_run;
    container.job_attempt = replica.job_attempt;
}

}  // namespace

DesiredContainer unhashed_container(const std::string& stack, const ServiceSpec& spec,
                                    int replica) {
    DesiredContainer container;
    container.stack = stack;
    container.service = spec.name;
    container.replica = replica;
    container.image = spec.image;
    container.command = spec.command;
    container.entrypoint = spec.entrypoint;
    container.environment = spec.environment;
    container.ports = spec.ports;
    container.volumes = spec.volumes;
    container.restart = spec.restart;
    container.memory_limit = spec.memory_limit;
    container.healthcheck = spec.healthcheck;
    container.http_check = spec.http_check;
    container.runtime = spec.runtime;
    container.secrets = spec.secrets;
    container.configs = spec.configs;
    container.stop_after_disconnect_ms = spec.stop_after_disconnect_ms;
    return container;
}

DesiredContainer desired_container(const std::string& stack, const ServiceSpec& spec, int replica) {
    DesiredContainer container = unhashed_container(stack, spec, replica);
    container.spec_hash = spec_hash(container);
    return container;
}

DesiredContainer desired_container_on(const ClusterState& state, const std::string& node,
                                      const std::string& stack, const ServiceSpec& spec,
                                      int replica) {
    DesiredContainer container = unhashed_container(stack, spec, replica);
    add_networking(state, node, spec, container);
    return container;
}

std::map<std::string, std::vector<DesiredContainer>> desired_by_node(
    const ClusterState& state, const std::set<std::string>* only) {
    std::map<std::string, std::vector<DesiredContainer>> by_node;
    auto spec_if_wanted = [&](const ReplicaRecord& replica) -> const ServiceSpec* {
        if (replica.node.empty()) return nullptr;
        if (only != nullptr && !only->contains(replica.node)) return nullptr;
        return spec_of(state, replica);
    };
    // Each list gets its size first: growing it moved every container (each some hundred bytes
    // of strings and maps) several times over.
    std::map<std::string, size_t> sizes;
    for (const auto& replica : state.replicas) {
        if (spec_if_wanted(replica) != nullptr) ++sizes[replica.node];
    }
    for (const auto& [node, size] : sizes) by_node[node].reserve(size);
    DesiredNetworking networking(state);
    for (const auto& replica : state.replicas) {  // sorted by key, so each list is too
        const ServiceSpec* spec = spec_if_wanted(replica);
        if (spec == nullptr) continue;
        DesiredContainer container =
            unhashed_container(replica.key.stack, *spec, replica.key.replica);
        mark_job_container(replica, container);
        networking.add(replica.node, *spec, container);
        container.start_first = replaced_start_first(state, replica);
        by_node[replica.node].push_back(std::move(container));
    }
    return by_node;
}

std::vector<DesiredSet> desired_sets(const ClusterState& state,
                                     const std::vector<std::string>& nodes) {
    // Only the asked nodes' containers are built: building every node's to publish one set
    // made each publish cost the whole cluster (10,000 containers at 1,000 nodes).
    const std::set<std::string> asked(nodes.begin(), nodes.end());
    auto by_node = desired_by_node(state, &asked);
    std::vector<DesiredSet> sets;
    sets.reserve(nodes.size());
    for (const auto& node : nodes) {
        DesiredSet& set = sets.emplace_back();
        set.node = node;
        auto record = state.nodes.find(node);
        if (record != state.nodes.end()) set.generation = record->second.generation;
        auto containers = by_node.find(node);
        if (containers != by_node.end()) set.containers = std::move(containers->second);
    }
    return sets;
}

std::vector<DesiredSet> desired_sets(const ClusterState& state,
                                     const std::vector<std::string>& nodes,
                                     std::vector<DesiredSet> built) {
    std::map<std::string, DesiredSet*> current;
    for (DesiredSet& set : built) {
        auto node = state.nodes.find(set.node);
        if (node != state.nodes.end() && node->second.generation == set.generation) {
            current[set.node] = &set;
        }
    }
    std::vector<std::string> to_build;
    for (const auto& node : nodes) {
        if (!current.contains(node)) to_build.push_back(node);
    }
    std::vector<DesiredSet> rebuilt = desired_sets(state, to_build);
    auto next_rebuilt = rebuilt.begin();
    std::vector<DesiredSet> sets;
    sets.reserve(nodes.size());
    for (const auto& node : nodes) {
        auto found = current.find(node);
        if (found != current.end()) {
            sets.push_back(std::move(*found->second));
        } else {
            sets.push_back(std::move(*next_rebuilt++));
        }
    }
    return sets;
}

DesiredSet desired_set(const ClusterState& state, const std::string& node) {
    return std::move(desired_sets(state, {node}).front());
}

}  // namespace edge
