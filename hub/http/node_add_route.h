// POST /api/v1/nodes {"name", "join_broker"?}: `edgectl node add` over HTTP. Answers
// {"node", "join_command"}: the line to run on the new node, with a single-use join token.
// Only the cluster-wide edgectl identity (a password login) may: a join token lets a machine
// into the cluster, and that is the identity's to grant, not a script's token. The join broker
// defaults to the host the client reached the hub at (its Host header) on the join port, 8884,
// or this machine's name when that was loopback.
// Thread-safety: runs on the server thread of its connection.
#pragma once

#include <httplib.h>

#include "hub/http/api_context.h"

namespace edge::http {

inline constexpr const char* kNodesPath = "/api/v1/nodes";

void handle_node_add(const httplib::Request& req, const ApiPrincipal& who, httplib::Response& res,
                     const ApiContext& api);

}  // namespace edge::http
