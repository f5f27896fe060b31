// `edgectl deploy --dry-run`: the placement a deploy would produce, computed on a copy of the
// state and answered without storing, publishing or emitting anything. Placement is pure
// (core/placement/placement.h), so the plan is the one a real deploy of the same stack would make
// now. Thread-safety: a plain function over values.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hub/state/observed_state.h"
#include "hub/state/transition.h"
#include "hub/store/store.h"

namespace edge {

// The replicas part of a deploy's answer: {"replicas": rows, "replica_count": N,
// "pending_count": P}. A stack of a few hundred replicas lists them all; a larger one (a global
// service on a thousand nodes) lists its pending replicas first, then others, up to
// kMaxListedReplicas rows, so the answer stays far below the broker's 4 MiB message limit.
// `service ps` lists them all.
inline constexpr size_t kMaxListedReplicas = 500;
nlohmann::json stack_replicas_answer(const ClusterState& state, const ObservedState& observed,
                                     const std::string& stack);

// `next` is the state with the stack deployed, not yet planned. The answer has the deploy's
// shape plus {"dry_run": true, "plan": [what would be placed, moved or left pending],
// "changes": [per service, what differs from the spec that runs (core/stack_diff.h)]}.
nlohmann::json preview_deploy(const HandlerContext& ctx, ClusterState next,
                              const std::string& stack);

}  // namespace edge
