// The networking fields of the message schema (docs/networking.md): a service's `expose`,
// `depends_on` and network aliases; a desired container's network, aliases, extra hosts and
// start order; a node's advertised address. Each key is written only when it has a value, so
// a container without networking keeps the spec hash it had before these fields existed.
// Decoders are as strict as the rest of the schema: names, addresses and lengths are checked.
// Thread-safety: stateless functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

void put_service_networking(nlohmann::json& object, const ServiceSpec& service);
void read_service_networking(JsonReader& reader, ServiceSpec& service);

void put_container_networking(nlohmann::json& object, const DesiredContainer& container);
void read_container_networking(JsonReader& reader, DesiredContainer& container);

void put_node_address(nlohmann::json& facts, const NodeFacts& node);
void read_node_address(JsonReader& reader, NodeFacts& node);

// An IPv4 or IPv6 address in text form (no host names: /etc/hosts needs an address).
bool is_address_text(const std::string& text);

}  // namespace edge
