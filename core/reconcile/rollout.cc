#include "core/reconcile/rollout.h"

#include <climits>
#include <cmath>

namespace edge {

namespace {

std::string list(const std::vector<int>& replicas) {
    std::string text;
    for (int replica : replicas) text += (text.empty() ? "" : ", ") + std::to_string(replica);
    return text;
}

bool watched(const RolloutReplica& replica) {
    return !replica.on_previous && replica.switched_ms != 0;
}

// Sorts the watched replicas into settled, failed and still in flight; returns the last count.
int judge_watched(const UpdateConfig& config, const std::vector<RolloutReplica>& replicas,
                  int64_t now_ms, RolloutStep& step) {
    int in_flight = 0;
    for (const auto& replica : replicas) {
        if (!watched(replica)) continue;
        if (replica.condition == ReplicaCondition::kFailed) {
            step.failed.emplace_back(replica.replica, replica.failure);
        } else if (replica.condition == ReplicaCondition::kUp && replica.up_since_ms != 0 &&
                   now_ms - replica.up_since_ms >= config.monitor_ms) {
            step.settled.push_back(replica.replica);
        } else if (replica.condition != ReplicaCondition::kUp &&
                   now_ms - replica.switched_ms >= kRolloutStartDeadlineMs + config.monitor_ms) {
            step.failed.emplace_back(replica.replica,
                                     "not up " + std::to_string(kRolloutStartDeadlineMs / 60000) +
                                         " min after it was switched");
        } else {
            ++in_flight;
        }
    }
    return in_flight;
}

// Past the tolerated failures: pause, or ask the hub to roll back. A rollback that fails
// itself only pauses; there is nothing older to return to.
bool give_up(const UpdateConfig& config, const Rollout& rollout, size_t replica_count,
             RolloutStep& step) {
    if (step.failed.empty() || config.failure_action == UpdateConfig::FailureAction::kContinue) {
        return false;
    }
    auto tolerated =
        static_cast<int>(std::floor(config.max_failure_ratio * static_cast<double>(replica_count)));
    if (step.next.failures <= tolerated) return false;
    if (config.failure_action == UpdateConfig::FailureAction::kRollback &&
        rollout.phase == RolloutPhase::kUpdating) {
        step.roll_back = true;
        step.notes.push_back("rolling back to the previous spec after " +
                             std::to_string(step.next.failures) + " failed replica(s)");
        return true;
    }
    step.next.phase = RolloutPhase::kPaused;
    step.notes.push_back(
        std::string(rollout.phase == RolloutPhase::kRollingBack ? "rollback" : "rollout") +
        " paused after " + std::to_string(step.next.failures) +
        " failed replica(s); deploy again or run edgectl service rollback");
    return true;
}

}  // namespace

const char* to_string(RolloutPhase phase) {
    switch (phase) {
        case RolloutPhase::kUpdating:
            return "updating";
        case RolloutPhase::kRollingBack:
            return "rolling-back";
        case RolloutPhase::kPaused:
            return "paused";
        case RolloutPhase::kCompleted:
            return "completed";
        case RolloutPhase::kRolledBack:
            return "rolled-back";
    }
    return "updating";
}

bool rollout_active(RolloutPhase phase) {
    return phase == RolloutPhase::kUpdating || phase == RolloutPhase::kRollingBack;
}

RolloutStep step_rollout(const UpdateConfig& config, const Rollout& rollout,
                         const std::vector<RolloutReplica>& replicas, int64_t now_ms) {
    RolloutStep step;
    step.next = rollout;
    if (!rollout_active(rollout.phase)) return step;

    int in_flight = judge_watched(config, replicas, now_ms, step);
    for (const auto& [replica, why] : step.failed) {
        step.next.failures += 1;
        step.next.message = "replica " + std::to_string(replica) + " failed: " + why;
        step.notes.push_back(step.next.message);
    }
    if (give_up(config, rollout, replicas.size(), step)) return step;
    if (in_flight == 0 && (!step.settled.empty() || !step.failed.empty())) {
        step.next.next_batch_ms = now_ms + config.delay_ms;
    }

    // Pending replicas have no container to replace: they move at once, outside any batch.
    int budget = config.parallelism <= 0 ? INT_MAX : config.parallelism;
    bool batch_due = in_flight == 0 && now_ms >= step.next.next_batch_ms;
    std::vector<int> batch;
    int left_behind = 0;
    for (const auto& replica : replicas) {
        if (!replica.on_previous) continue;
        if (!replica.placed) {
            step.switch_now.push_back(replica.replica);
        } else if (batch_due && budget > 0) {
            step.switch_now.push_back(replica.replica);
            batch.push_back(replica.replica);
            --budget;
        } else {
            ++left_behind;
        }
    }
    if (!batch.empty()) {
        step.notes.push_back(
            std::string(rollout.phase == RolloutPhase::kRollingBack ? "rolling back" : "updating") +
            " replica(s) " + list(batch));
    }

    if (left_behind == 0 && batch.empty() && in_flight == 0) {
        bool back = rollout.phase == RolloutPhase::kRollingBack;
        step.next.phase = back ? RolloutPhase::kRolledBack : RolloutPhase::kCompleted;
        int seconds = static_cast<int>((now_ms - rollout.started_ms) / 1000);
        step.next.message = std::string(back ? "rollback" : "rollout") + " completed in " +
                            std::to_string(seconds) + " s";
        if (step.next.failures > 0) {
            step.next.message +=
                " with " + std::to_string(step.next.failures) + " failed replica(s)";
        }
        step.notes.push_back(step.next.message);
    }
    return step;
}

}  // namespace edge
