// Rolling a service back to the spec it had before its last change. Every deploy keeps, per
// service whose spec it changes, the spec it replaced (StackRecord::previous, stored in the
// services table); `service.rollback` swaps the two, so a second rollback undoes the first,
// as in Swarm. The swap is one committed state change like any deploy: the hub re-plans and
// the agents replace the containers on their next pass.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <map>
#include <string>

#include "hub/state/transition.h"

namespace edge {

// The `previous` map a deploy of `next` over `current` leaves: a changed service keeps the
// spec it had; an unchanged one keeps the previous it already had; a new one has none.
std::map<std::string, ServiceSpec> previous_specs(const StackRecord& current,
                                                  const StackSpec& next);

// service.rollback {"service": "SERVICE" or "STACK/SERVICE"}.
Outcome rollback_service(HandlerContext& ctx, const nlohmann::json& args);

}  // namespace edge
