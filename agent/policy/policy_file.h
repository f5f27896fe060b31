// Reads the node's policy file (core/placement/node_policy.h describes the format). The default
// path, /etc/edgeorch/agent-policy.conf, may be absent: the node then runs the built-in defaults.
// A file named on the command line must exist. A file with a bad line stops the agent, with
// every bad line as FILE:LINE: KEY: ..., rather than run with a policy its owner did not mean.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "core/placement/node_policy.h"
#include "core/result.h"

namespace edge {

inline constexpr const char* kDefaultPolicyFile = "/etc/edgeorch/agent-policy.conf";

Result<NodePolicy> load_node_policy(const std::string& path, bool must_exist,
                                    const std::string& state_dir);

}  // namespace edge
