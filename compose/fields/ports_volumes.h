// Compose `ports:` and `volumes:` entries, in both the short string syntax and the long map
// syntax, turned into PortMapping and VolumeMount.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <set>
#include <string>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// One item of services.<name>.ports.
Result<PortMapping> parse_port(const Value& item);

// One item of services.<name>.volumes. declared_volumes: the names under the top-level
// `volumes:` key; a named volume must be one of them, as Compose requires.
Result<VolumeMount> parse_volume(const Value& item, const std::set<std::string>& declared_volumes);

// Whether a named volume's name is one Docker accepts: [a-zA-Z0-9][a-zA-Z0-9_.-]*.
bool is_valid_volume_name(const std::string& name);

}  // namespace edge::compose
