// The agent's side of joining: connect as join:<node> with the token as password, ask for the
// node's credentials, and wait for them.
// Thread-safety: blocks the calling thread; no shared state.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"
#include "security/private_file.h"

namespace edge {

struct JoinOptions {
    std::string broker_url;
    std::string topic_prefix = "edgeorch";
    std::string node;
    std::string token;
    std::chrono::milliseconds timeout{30000};
};

Result<NodeCredentials> redeem_join_token(const JoinOptions& options);

}  // namespace edge
