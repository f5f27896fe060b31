// The service keys that decide where a replica may run: `devices`, `network_mode` and
// `privileged`. The full parsing of the everyday Compose keys into RuntimeOptions supersedes
// this file; it accepts the same syntax for these three.
#pragma once

#include <string>

#include "compose/yaml_value.h"
#include "core/model.h"
#include "core/result.h"

namespace edge::compose {

// True when `key` is one of the three; parses it into `spec.runtime`.
bool is_placement_field(const std::string& key);
Status parse_placement_field(const Entry& entry, ServiceSpec& spec);

}  // namespace edge::compose
