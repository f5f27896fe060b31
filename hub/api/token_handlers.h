// The HTTP API's tokens (docs/api.md): made, listed and removed with `edgectl token`, over MQTT
// by the cluster-wide identity only (an environment's topic refuses them). A token is
// "edge_" and 64 random hex digits; the store keeps its SHA-256, so a copy of the database or
// a backup holds no usable token, and the token is shown once, in token.create's answer.
// A read-only token may call only the operations that change nothing (is_read_only_op).
// Thread-safety: none; the hub's worker thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"
#include "hub/store/store.h"

namespace edge {

bool is_token_op(const std::string& op);
Outcome handle_token_request(HandlerContext& ctx, const std::string& op,
                             const nlohmann::json& args);

// Operations that read and change nothing: what a read-only token may call.
bool is_read_only_op(const std::string& op);

// The stored token whose hash `token` has; nullopt when none. Hashes are compared, not tokens,
// so the comparison's timing tells nothing about a token.
Result<std::optional<StoredApiToken>> find_api_token(Store& store, const std::string& token);

}  // namespace edge
