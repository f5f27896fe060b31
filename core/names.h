// Validation of the names that end up in MQTT topics, container names and labels.
// A node, stack or service name is 1-63 characters of [a-z0-9], '-', '_' or '.', starting with
// a letter or digit: safe in a topic level (no '/', '+', '#') and in a Docker container name.
#pragma once

#include <string>

#include "core/result.h"

namespace edge {

inline constexpr size_t kMaxNameLength = 63;

// what: "node", "stack" or "service", used in the error message.
Status validate_name(const std::string& what, const std::string& name);

// Secret and config names ("secret", "config"): as Swarm allows, letters of either case too,
// up to 128 characters; they name files on the node, never topics or containers.
Status validate_file_object_name(const std::string& what, const std::string& name);

}  // namespace edge
