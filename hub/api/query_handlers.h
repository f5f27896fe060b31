// Read-only request operations: stack.ls, service.ls, service.ps, node.ls, events.
// Each returns the response data or an error a person can act on.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

Result<nlohmann::json> list_stacks(HandlerContext& ctx, const nlohmann::json& args);
Result<nlohmann::json> list_services(HandlerContext& ctx, const nlohmann::json& args);
Result<nlohmann::json> list_service_replicas(HandlerContext& ctx, const nlohmann::json& args);
Result<nlohmann::json> list_nodes(HandlerContext& ctx, const nlohmann::json& args);
Result<nlohmann::json> list_events(HandlerContext& ctx, const nlohmann::json& args);

// Argument access shared with the write handlers: a missing optional argument gives `fallback`.
Result<std::string> string_arg(const nlohmann::json& args, const char* key, bool required);
// The "environment" argument of a write (deploy, stack.rm): `default` when absent.
Result<std::string> environment_arg(const nlohmann::json& args);
// The "environment" argument of a listing or of a request naming a service: "" (every
// environment) when absent.
Result<std::string> environment_filter(const nlohmann::json& args);
Result<int64_t> integer_arg(const nlohmann::json& args, const char* key, int64_t min, int64_t max,
                            int64_t fallback);

}  // namespace edge
