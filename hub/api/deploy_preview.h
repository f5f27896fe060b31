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

// `next` is the state with the stack deployed, not yet planned. The answer has the deploy's
// shape plus {"dry_run": true, "plan": [what would be placed, moved or left pending],
// "changes": [per service, what differs from the spec that runs (core/stack_diff.h)]}.
nlohmann::json preview_deploy(const HandlerContext& ctx, ClusterState next,
                              const std::string& stack);

}  // namespace edge
