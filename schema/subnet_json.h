// The subnet fields of the message schema (docs/networking.md): a desired container's
// `network_subnet` and `network_gateway` (the stack network's IPv4 subnet from the hub's pool
// and its gateway), and a node's `networks_in_use` (the IPv4 networks its routes use, which
// the hub's pool avoids). Each key is written only when it has a value, so an older agent or
// hub reads and sends exactly what it did before; decoding is strict and bounded.
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

// A node rarely has more than a handful of routes; this bounds a hostile status message.
inline constexpr size_t kMaxNetworksInUse = 256;

void put_network_addressing(nlohmann::json& object, const DesiredContainer& container);
// Both or neither; the subnet in canonical CIDR form, the gateway an address inside it.
void read_network_addressing(JsonReader& reader, DesiredContainer& container);

void put_networks_in_use(nlohmann::json& facts, const NodeFacts& node);
void read_networks_in_use(JsonReader& reader, NodeFacts& node);

}  // namespace edge
