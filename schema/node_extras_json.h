// The placement-relevant facts an agent adds to its status: the devices it has and a summary
// of its node policy (core/placement/node_policy.h). Each key is written only when it has a value,
// so an agent without devices or policy sends what it sent before these existed. Decoding is
// bounded: at most kMaxNodeDevices device paths and kMaxPolicyEntries entries per policy list, each
// an absolute path or a capability name of bounded length.
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

inline constexpr size_t kMaxNodeDevices = 512;
inline constexpr size_t kMaxPolicyEntries = 128;

void put_node_extras(nlohmann::json& facts, const NodeFacts& node);
void read_node_extras(JsonReader& reader, NodeFacts& node);

}  // namespace edge
