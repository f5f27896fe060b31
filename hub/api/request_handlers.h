// The hub's answers to edgectl requests (ops and data shapes: schema/requests.h).
// Each handler is a function of (context, request) -> Outcome: the response plus the desired
// sets and events to publish. Write operations have committed before they return, so the I/O
// layer can publish and answer in that order (durable before visible).
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include "hub/state/transition.h"
#include "schema/messages.h"

namespace edge {

Outcome handle_request(HandlerContext& ctx, const Request& request);

// deploy {"stack", "environment"?, "dry_run"?, "files"?, "secrets"?}; promote deploys with it.
Outcome deploy_stack(HandlerContext& ctx, const nlohmann::json& args);

}  // namespace edge
