// advance_rollouts (hub/state/rollouts.h): what the hub sees of each replica, handed to the pure
// step_rollout, and its answer applied to a copy of the state that is then committed.
#include "core/memory/memsize.h"
#include "hub/state/desired_networking.h"
#include "hub/state/desired_state.h"
#include "hub/state/rollouts.h"

namespace edge {

namespace {

struct Seen {
    ReplicaCondition condition = ReplicaCondition::kAbsent;
    std::string failure;
};

Seen judge_container(const ObservedContainer& container) {
    const std::string exit = "exit code " + std::to_string(container.exit_code);
    if (container.state == "running" || container.state == "paused") {
        if (container.health == kHealthUnhealthy) return {ReplicaCondition::kFailed, "unhealthy"};
        if (container.health_restarts > 0) {
            return {ReplicaCondition::kFailed, "restarted after failing its health check"};
        }
        if (container.health == kHealthStarting) return {ReplicaCondition::kStarting, ""};
        return {ReplicaCondition::kUp, ""};
    }
    if (container.state == "created") return {ReplicaCondition::kStarting, ""};
    if (container.oom_killed) {
        return {ReplicaCondition::kFailed,
                "OOM-killed at its " + format_memory_size(container.memory_limit) + " limit"};
    }
    if (container.state == "restarting") return {ReplicaCondition::kFailed, "crashing, " + exit};
    if (container.state == "exited") return {ReplicaCondition::kFailed, "exited, " + exit};
    return {ReplicaCondition::kFailed, "container is " + container.state};
}

// The replica's condition for the spec it should run now, `hash` on its node.
Seen judge(const ObservedState& observed, const ReplicaRecord& replica, const std::string& hash) {
    const ObservedContainer* container = observed.find(replica.node, replica.key, hash);
    if (container != nullptr && container->spec_hash == hash) return judge_container(*container);
    if (const CreateFailure* failure = observed.failure(replica.node, replica.key, hash)) {
        return {ReplicaCondition::kFailed, failure->message};
    }
    return {};
}

}  // namespace

Result<Outcome> advance_rollouts(HandlerContext& ctx, UpSince& up_since) {
    ClusterState next = ctx.state;
    std::vector<Event> events;
    bool changed = false;
    DesiredNetworking networking(ctx.state);

    for (auto& [stack_name, stack] : next.stacks) {
        for (const auto& service : ctx.state.stacks.at(stack_name).spec.services) {
            auto found = stack.rollouts.find(service.name);
            if (found == stack.rollouts.end() || !rollout_active(found->second.phase)) continue;

            std::vector<ReplicaRecord*> records;
            std::vector<RolloutReplica> replicas;
            for (auto& record : next.replicas) {
                if (record.key.stack != stack_name || record.key.service != service.name) continue;
                RolloutReplica& seen = replicas.emplace_back();
                seen.replica = record.key.replica;
                seen.placed = !record.node.empty();
                seen.on_previous = record.on_previous;
                seen.switched_ms = record.switched_ms;
                if (seen.placed && !record.on_previous) {
                    DesiredContainer container =
                        desired_container(stack_name, service, record.key.replica);
                    networking.add(record.node, service, container);
                    Seen judged = judge(ctx.observed, record, container.spec_hash);
                    seen.condition = judged.condition;
                    seen.failure = judged.failure;
                }
                if (seen.condition == ReplicaCondition::kUp) {
                    seen.up_since_ms = up_since.try_emplace(record.key, ctx.now_ms).first->second;
                } else {
                    up_since.erase(record.key);
                }
                records.push_back(&record);
            }

            const UpdateConfig& config = update_config_in_effect(stack, service);
            RolloutStep step = step_rollout(config, found->second, replicas, ctx.now_ms);
            auto record_of = [&](int index) -> ReplicaRecord& {
                for (ReplicaRecord* record : records) {
                    if (record->key.replica == index) return *record;
                }
                return *records.front();  // unreachable: step_rollout names only given replicas
            };
            for (int index : step.switch_now) {
                ReplicaRecord& record = record_of(index);
                record.on_previous = false;
                record.switched_ms = record.node.empty() ? 0 : ctx.now_ms;
            }
            for (int index : step.settled) record_of(index).switched_ms = 0;
            for (const auto& [index, why] : step.failed) record_of(index).switched_ms = 0;
            for (const auto& note : step.notes) {
                events.push_back({0, ctx.now_ms, "rollout", stack_name + "/" + service.name, note});
            }
            found->second = step.next;
            if (step.roll_back) start_rollback(stack, service.name, next.replicas, ctx.now_ms);
            changed = changed ||
                      step.next != ctx.state.stacks.at(stack_name).rollouts.at(service.name) ||
                      !step.switch_now.empty() || !step.settled.empty() || !step.failed.empty() ||
                      step.roll_back;
        }
    }
    if (!changed) return Outcome{};
    return commit_state(ctx, std::move(next), std::move(events));
}

}  // namespace edge
