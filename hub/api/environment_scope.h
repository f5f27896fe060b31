// What a request may do when it comes on an environment's own topic,
// <prefix>/hub/env/<env>/requests. The broker lets only identities granted that environment
// (and the cluster-wide edgectl) publish there (security/broker/environment_identities.h); the hub
// makes sure such a request acts on that environment alone:
//   - only operations on the environment's own stacks: deploy, stack.ls, stack.rm, service.ls,
//     service.ps, service.rollback, service.resize, events, and promote into it;
//   - the "environment" argument is filled in when absent and must name the environment when
//     given (for promote, "to" must);
//   - a deploy may use only the secrets it ships, named for its own stack in its environment
//     (stack_file_prefix), so it can neither read nor replace another environment's secret;
//     a promote into it may carry only the source stack's own secrets, renamed for it.
// Node, secret, config, environment and log operations need the cluster-wide identity.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "core/result.h"
#include "schema/messages.h"

namespace edge {

// Set by confine_to_environment on every request it lets through (replacing whatever the sender
// put there), so a handler that finds more to check inside the hub's state (promote, which
// reads the source spec) knows the request is confined. A sender setting it only limits itself.
inline constexpr const char* kConfinedArgument = "confined_to";

// Checks `request` against `environment` and fills in its "environment" argument; an error
// says what the request may not do.
Status confine_to_environment(const std::string& environment, Request& request);

}  // namespace edge
