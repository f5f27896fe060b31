// Rolling updates in the hub: starting one when a deploy changes what a service's containers
// run, swapping to the previous spec for a rollback, and advancing every active rollout as
// node reports arrive (core/reconcile/rollout.h decides; this applies and commits).
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hub/state/transition.h"

namespace edge {

// Whether going from `before` to `after` needs new containers, as opposed to only a new
// replica count, placement rule or update policy.
bool needs_new_containers(const ServiceSpec& before, const ServiceSpec& after);

// After a deploy replaced `next` (the stack's new record) over `before` (null for a new
// stack): keeps the rollouts of services whose containers stay as they are, and starts one
// for each service that needs new containers, marking its replicas as still on the previous
// spec.
void start_rollouts(const StackRecord* before, StackRecord& next,
                    std::vector<ReplicaRecord>& replicas, int64_t now_ms);

// Makes the previous spec of `service` current again (and the current one previous), and rolls
// the replicas back per rollback_config: the ones that ran the old spec are done; the others
// are switched back in batches.
void start_rollback(StackRecord& stack, const std::string& service,
                    std::vector<ReplicaRecord>& replicas, int64_t now_ms);

// In-memory watch of switched replicas: when each was first seen up. A hub restart forgets it,
// which only restarts their `monitor` period.
using UpSince = std::map<ReplicaKey, int64_t>;

// Advances every active rollout one step; commits and returns what to publish when anything
// moved.
Result<Outcome> advance_rollouts(HandlerContext& ctx, UpSince& up_since);

}  // namespace edge
