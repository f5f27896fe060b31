// JSON for VolumeMount::origin and content_hash (core/model.h): "origin" is written only when
// the bind is not a plain host path, so specs that do not use shipped files or node-local
// data keep the JSON, and so the spec hashes, they always had.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

// host, relative, shipped-file, shipped-dir, node-data.
const char* to_string(VolumeMount::Origin origin);
std::optional<VolumeMount::Origin> bind_origin_from(const std::string& text);

void put_bind_origin(nlohmann::json& item, const VolumeMount& volume);
void read_bind_origin(JsonReader& item, VolumeMount& volume);

// Whether `text` is a SHA-256 in lower-case hex, as content hashes are written.
bool is_content_hash(const std::string& text);

}  // namespace edge
