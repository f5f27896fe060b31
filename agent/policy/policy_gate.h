// The agent's own enforcement of its node policy (core/placement/node_policy.h): a container the
// policy refuses is never created, whatever the hub asks, and is reported as a create failure with
// the policy's reason, so the replica shows why it does not run.
// Thread-safety: a pure function over values.
#pragma once

#include <vector>

#include "core/model.h"
#include "core/placement/node_policy.h"
#include "core/reconcile/reconcile.h"

namespace edge {

// Removes from `actions` every create the policy refuses and returns one failure for each.
std::vector<CreateFailure> withhold_refused_creates(const NodePolicy& policy,
                                                    std::vector<ReconcileAction>& actions);

}  // namespace edge
