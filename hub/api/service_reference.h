// How requests name a service: "SERVICE" or "STACK/SERVICE", narrowed to one environment when
// edgectl's --env gives one. service.ps, service.rollback, service.resize and logs all resolve
// their "service" argument here, so they accept and refuse the same names.
// Thread-safety: a plain function over values.
#pragma once

#include <string>

#include "core/result.h"
#include "hub/state/desired_state.h"

namespace edge {

struct ServiceTarget {
    std::string stack;  // the stack's key (core/environments.h): "shop" or "shop@preprod"
    std::string service;
    bool operator==(const ServiceTarget&) const = default;
};

// Finds the one service `reference` names among the stacks of `environment` ("" for every
// environment). STACK may be a stack's key ("shop@preprod/web"); with an environment it may
// also be the stack's own name ("shop/web" finds shop@preprod/web under --env preprod). An
// unknown name, or one that several stacks have, is an error that lists the candidates.
Result<ServiceTarget> resolve_service(const ClusterState& state, const std::string& reference,
                                      const std::string& environment);

}  // namespace edge
