// promote {"stack": NAME, "from": ENV, "to": ENV, "dry_run": BOOL?, "images": {SERVICE: IMAGE}?}:
// deploys the spec that runs in `from` to `to`, every image pinned to the repo digest `from`'s
// nodes report for it (core/promote.h), as a deploy to `to` would (its constraints and memory
// defaults apply). The source environment's own constraints are taken off first. A dry run
// answers the deploy preview with "images" (service -> pinned image) and "changes" (the
// difference from what `to` runs); "images" sent back with the real request must still be what
// pinning gives, so what was confirmed is what is deployed.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

Outcome promote_stack(HandlerContext& ctx, const nlohmann::json& args);

}  // namespace edge
