// Rolling updates: a pure step function that moves one service's replicas from its previous
// spec to its current one in batches, per deploy.update_config (core/reconcile/update_config.h).
//
// The hub keeps, per replica, whether it still runs the previous spec and when it was switched;
// per service, a Rollout record. On every node report and liveness tick it describes each
// replica as it sees it (RolloutReplica) and applies the RolloutStep this returns: switch the
// next batch once the last one has settled and the delay has passed; count a switched replica
// that fails (exits, turns unhealthy, cannot be created, or is not up in time) against
// max_failure_ratio; past it, pause or roll back per failure_action.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/reconcile/update_config.h"

namespace edge {

enum class RolloutPhase {
    kUpdating,     // replicas move to the current spec
    kRollingBack,  // a failed rollout returns replicas to the spec that worked
    kPaused,       // stopped after failures; a deploy or `edgectl service rollback` resumes
    kCompleted,    // every replica runs the current spec
    kRolledBack,   // an automatic rollback finished
};

const char* to_string(RolloutPhase phase);
bool rollout_active(RolloutPhase phase);  // updating or rolling back

// A switched replica that is not up this long after its switch has failed. Generous because
// a Raspberry Pi pulling a large image over Wi-Fi takes minutes; a pull that fails outright
// (a bad tag) is reported by the agent and fails the replica at once.
inline constexpr int64_t kRolloutStartDeadlineMs = 10LL * 60 * 1000;

// One service's rollout, stored with the service.
struct Rollout {
    RolloutPhase phase = RolloutPhase::kUpdating;
    int64_t started_ms = 0;
    int64_t next_batch_ms = 0;  // no batch is switched before this (update_config.delay)
    int failures = 0;           // switched replicas that failed in this rollout
    std::string message;        // the last failure, or how the rollout ended
    bool operator==(const Rollout&) const = default;
};

// What the hub sees of one replica's container for the spec the replica should run.
enum class ReplicaCondition {
    kAbsent,    // no container with that spec yet (being pulled or created, or node silent)
    kStarting,  // created, or running with its health check still starting
    kUp,        // running, and healthy when it has a health check
    kFailed,    // exited, dead, restarting, unhealthy, or its creation failed
};

struct RolloutReplica {
    int replica = 0;
    bool placed = false;       // false: pending, so it has no container to replace
    bool on_previous = false;  // still runs the previous spec
    int64_t switched_ms = 0;   // non-zero while a switched replica is watched
    ReplicaCondition condition = ReplicaCondition::kAbsent;
    int64_t up_since_ms = 0;  // when the hub first saw it up; 0 while not up
    std::string failure;      // why it failed, for kFailed
};

struct RolloutStep {
    std::vector<int> switch_now;  // move to the current spec; watch the placed ones
    std::vector<int> settled;     // stayed up through `monitor`: stop watching
    std::vector<std::pair<int, std::string>> failed;  // failed while watched: stop watching
    Rollout next;
    bool roll_back = false;          // failure_action rollback fired: swap to the previous spec
    std::vector<std::string> notes;  // one line per thing a person would want to hear about
};

// One step of the rollout of a service with `replicas` under `config` (update_config while
// updating, rollback_config while rolling back). A rollout that is not active is returned
// unchanged.
RolloutStep step_rollout(const UpdateConfig& config, const Rollout& rollout,
                         const std::vector<RolloutReplica>& replicas, int64_t now_ms);

}  // namespace edge
