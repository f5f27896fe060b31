// Requests about environments (docs/environments.md): env.create, env.set, env.ls, env.rm,
// and the lookup deploy uses to apply an environment's constraints and memory factor.
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

// The stored settings of `environment` (constraints, memory factor, webhooks); an error naming
// it when it was never created (`default` always exists).
Result<StoredEnvironment> environment_settings(Store& store, const std::string& environment);

}  // namespace edge
