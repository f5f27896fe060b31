// Compose profiles: a service that lists `profiles:` runs only when one of them is active;
// a service without profiles always runs. Active profiles come from `--profile` or, when none
// is given, from COMPOSE_PROFILES (comma-separated), as in `docker compose`.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "compose/compose_inputs.h"
#include "compose/yaml_value.h"

namespace edge::compose {

// The flags when there are any, else the names in variables' COMPOSE_PROFILES.
std::vector<std::string> active_profiles(const std::vector<std::string>& flags,
                                         const Variables& variables);

// Whether the service (its map in `services:`) is active; an error when its `profiles:` is
// not a list of names. "*" among the active profiles activates every service.
Result<bool> service_is_active(const Value& service, const std::vector<std::string>& active);

}  // namespace edge::compose
