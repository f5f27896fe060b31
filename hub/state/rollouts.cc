#include "hub/state/rollouts.h"

namespace edge {

namespace {

bool is_replica_of(const ReplicaRecord& replica, const std::string& stack,
                   const std::string& service) {
    return replica.key.stack == stack && replica.key.service == service;
}

}  // namespace

bool needs_new_containers(const ServiceSpec& before, const ServiceSpec& after) {
    // Compare everything except what only placement or the rollout itself reads.
    ServiceSpec a = before;
    ServiceSpec b = after;
    for (ServiceSpec* spec : {&a, &b}) {
        spec->replicas = 0;
        spec->global = false;
        spec->constraints.clear();
        spec->service_class = ServiceClass::kAuto;
        spec->allow_low_power = false;
        spec->memory_reservation = 0;
        spec->update = {};
        spec->rollback = {};
        spec->depends_on.clear();
        // How a limit is chosen is the hub's business; only the limit reaches the container.
        spec->memory_mode = MemoryMode::kDefault;
        spec->memory_limit_stated = true;
    }
    return a != b;
}

void start_rollouts(const StackRecord* before, StackRecord& next,
                    std::vector<ReplicaRecord>& replicas, int64_t now_ms) {
    const std::string& stack = next.spec.name;
    for (const auto& service : next.spec.services) {
        const ServiceSpec* old = nullptr;
        if (before != nullptr) {
            for (const auto& candidate : before->spec.services) {
                if (candidate.name == service.name) old = &candidate;
            }
        }
        // A job's containers are per run (docs/jobs.md): a change reaches its next run, and a
        // one-off job runs again (hub/jobs/job_sync.h); nothing rolls.
        if (old == nullptr || service.job || old->job) continue;
        if (!needs_new_containers(*old, service)) {
            auto kept = before->rollouts.find(service.name);
            if (kept != before->rollouts.end()) next.rollouts[service.name] = kept->second;
            continue;
        }
        Rollout rollout;
        rollout.started_ms = now_ms;
        next.rollouts[service.name] = rollout;
        for (auto& replica : replicas) {
            if (!is_replica_of(replica, stack, service.name)) continue;
            replica.on_previous = true;
            replica.switched_ms = 0;
        }
    }
}

void start_rollback(StackRecord& stack, const std::string& service,
                    std::vector<ReplicaRecord>& replicas, int64_t now_ms) {
    for (auto& spec : stack.spec.services) {
        if (spec.name != service) continue;
        // Swapped, not dropped: rolling back again returns to the spec just left.
        std::swap(spec, stack.previous.at(service));
    }
    for (auto& replica : replicas) {
        if (!is_replica_of(replica, stack.spec.name, service)) continue;
        replica.on_previous = !replica.on_previous;
        replica.switched_ms = 0;
    }
    Rollout rollout;
    rollout.phase = RolloutPhase::kRollingBack;
    rollout.started_ms = now_ms;
    stack.rollouts[service] = rollout;
}

}  // namespace edge
