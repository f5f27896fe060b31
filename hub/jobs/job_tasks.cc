#include "hub/jobs/job_tasks.h"

#include <map>
#include <set>
#include <utility>

#include "hub/state/desired_state.h"

namespace edge {

namespace {

// Placement sees the new attempt as a service of its own, beside the job's running containers
// (kept where they are, hub/state/desired_state.cc): a name no Compose service can have.
std::string attempt_service_name(const std::string& service) {
    return service + "/attempt";
}

std::vector<int> free_replica_numbers(const ClusterState& state, const std::string& stack,
                                      const std::string& service, size_t count) {
    std::set<int> used;
    for (const auto& replica : state.replicas) {
        if (replica.key.stack == stack && replica.key.service == service) {
            used.insert(replica.key.replica);
        }
    }
    std::vector<int> numbers;
    for (int candidate = 0; numbers.size() < count; ++candidate) {
        if (!used.contains(candidate)) numbers.push_back(candidate);
    }
    return numbers;
}

std::string describe_outcome(const ObservedContainer& container) {
    if (container.oom_killed) return "oom-killed";
    return "";
}

}  // namespace

Result<std::vector<ReplicaRecord>> place_job_attempt(const ClusterState& state,
                                                     const PlacementConfig& config,
                                                     const std::string& stack,
                                                     const ServiceSpec& spec, int64_t run_id,
                                                     int attempt, int64_t now_ms) {
    PlacementInput input = placement_input(state, config, now_ms);
    ServiceSpec attempt_spec = spec;
    attempt_spec.name = attempt_service_name(spec.name);
    input.services.push_back({stack, attempt_spec, false});
    Plan plan = plan_placement(input);

    std::vector<const ReplicaAssignment*> placed;
    for (const auto& assignment : plan.replicas) {
        if (assignment.key.stack != stack || assignment.key.service != attempt_spec.name) continue;
        if (assignment.node.empty()) {
            return make_error("cannot place container " + std::to_string(placed.size() + 1) + ": " +
                              assignment.reason);
        }
        placed.push_back(&assignment);
    }
    if (placed.empty()) return make_error("no node may run it");

    std::vector<int> numbers = free_replica_numbers(state, stack, spec.name, placed.size());
    std::vector<ReplicaRecord> records;
    for (size_t i = 0; i < placed.size(); ++i) {
        ReplicaRecord& record = records.emplace_back();
        record.key = {stack, spec.name, numbers[i]};
        record.node = placed[i]->node;
        record.job_run = run_id;
        record.job_attempt = attempt;
    }
    return records;
}

std::vector<JobTaskEnd> ended_job_tasks(const ClusterState& state, const ObservedState& observed) {
    std::vector<JobTaskEnd> ended;
    bool any = false;
    for (const auto& replica : state.replicas) any = any || replica.job_run != 0;
    if (!any) return ended;

    // The spec hash each job container was created with, as its node's desired set has it.
    std::map<std::pair<std::string, ReplicaKey>, std::string> job_hashes;
    for (const auto& [node, containers] : desired_by_node(state)) {
        for (const auto& container : containers) {
            if (container.job_run == 0) continue;
            job_hashes[{node, {container.stack, container.service, container.replica}}] =
                container.spec_hash;
        }
    }
    for (const auto& replica : state.replicas) {
        if (replica.job_run == 0 || replica.node.empty()) continue;
        JobTaskEnd end{replica.key, replica.node, replica.job_run, {}};
        auto node = state.nodes.find(replica.node);
        if (node == state.nodes.end() || node->second.state == NodeState::kDown) {
            end.outcome.reason = "node " + replica.node + " went down";
            ended.push_back(std::move(end));
            continue;
        }
        const std::string& hash = job_hashes[{replica.node, replica.key}];
        const ObservedContainer* seen = observed.find(replica.node, replica.key, hash);
        if (seen != nullptr && seen->spec_hash == hash && seen->state == "exited") {
            end.outcome.exit_code = seen->exit_code;
            end.outcome.reason = describe_outcome(*seen);
            ended.push_back(std::move(end));
            continue;
        }
        const CreateFailure* failure = observed.failure(replica.node, replica.key, hash);
        if (failure != nullptr && failure->attempts >= kJobCreateAttempts) {
            end.outcome.reason = "cannot start on " + replica.node + ": " + failure->message;
            ended.push_back(std::move(end));
        }
    }
    return ended;
}

}  // namespace edge
