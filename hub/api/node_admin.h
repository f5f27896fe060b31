// Planned maintenance requests: node.drain / node.activate (move a node's replicas away and
// place nothing new on it, or undo that) and node.rm (forget a node). Shapes: schema/requests.h.
// Also node.add as the HTTP API asks for it (hub/http/node_add_route.h).
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

// `drain` true drains the node, false activates it again. Both are idempotent.
Outcome drain_node(HandlerContext& ctx, const nlohmann::json& args, bool drain);

// Forgets a node: its replicas are re-placed elsewhere, including those bound to its volumes,
// since the node that held them is gone for good. Refused while the node is ready unless
// "force" is set. The node is sent an empty desired set of a newer generation, so if its agent
// still runs it stops its copies.
Outcome remove_node(HandlerContext& ctx, const nlohmann::json& args);

// node.add {"node"} over HTTP: the enrollment service beside the hub issues the join token once
// the hub has answered; the hub checks the name and changes nothing, so that the request is
// recorded, as every change made over HTTP is, as an "api" event naming who asked.
Outcome check_node_add(const nlohmann::json& args);

}  // namespace edge
