// The three runtime keys placement and node policy look at (privileged, network_mode,
// devices), carried in a service's and a desired container's JSON under "runtime". Written
// only when set, so specs without them keep their hashes. The full RuntimeOptions encoding
// supersedes this file; it reads and writes the same keys.
// Thread-safety: stateless functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/runtime_options.h"
#include "schema/json_reader.h"

namespace edge {

void put_placement_runtime(nlohmann::json& object, const RuntimeOptions& runtime);
void read_placement_runtime(JsonReader& reader, RuntimeOptions& runtime);

}  // namespace edge
