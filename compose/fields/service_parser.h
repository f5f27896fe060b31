// One entry of a Compose file's `services:` map, turned into a ServiceSpec.
// Unsupported keys become warnings; a key with an empty value is unset, as in Compose; values
// of supported keys are checked strictly, and the memory limit is always resolved to a number
// (the default when none is declared).
// Thread-safety: a pure function over one parse's values.
#pragma once

#include <set>
#include <string>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// Docker refuses memory limits below 6 MiB.
inline constexpr int64_t kMinimumMemoryLimit = 6LL * 1024 * 1024;

// declared_volumes: the names under the top-level `volumes:` key. Errors go to the
// context, every one of them; the spec returned then holds what could be read, so that
// checks across services (depends_on) still see the service.
ServiceSpec parse_service(const std::string& name, const Value& service,
                          const std::set<std::string>& declared_volumes);

}  // namespace edge::compose
