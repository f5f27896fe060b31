// The runtime options of the message schema (core/runtime_options.h) and the options of a
// volume mount beyond type, source, target and read_only. Only what differs from the default
// is written: a service that asks for none of them encodes exactly as before these fields
// existed, so its spec hash, and its running containers, stay as they are.
// Decoders are strict: every list, name, path and number is bounded, as the rest of the schema.
// Thread-safety: stateless functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

// Writes object["runtime"] when `runtime` asks for anything.
void put_runtime(nlohmann::json& object, const RuntimeOptions& runtime);
// Reads object["runtime"] when present. `in_container`: a desired container, whose
// network_mode may name the node's container (container:NAME) that a service:NAME resolved to.
void read_runtime(JsonReader& reader, RuntimeOptions& runtime, bool in_container);

// The options of one volume item, each only when set.
void put_volume_options(nlohmann::json& item, const VolumeMount& volume);
void read_volume_options(JsonReader& item, VolumeMount& volume);

}  // namespace edge
