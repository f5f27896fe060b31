// Requests about environments (docs/environments.md): env.create, env.ls, env.rm, and the
// lookup deploy uses to add an environment's placement constraints to its stacks.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

bool is_environment_op(const std::string& op);
Outcome handle_environment_request(HandlerContext& ctx, const std::string& op,
                                   const nlohmann::json& args);

// The constraints of `environment`; an error naming it when it was never created (`default`
// always exists).
Result<std::vector<Constraint>> environment_constraints(Store& store,
                                                        const std::string& environment);

}  // namespace edge
