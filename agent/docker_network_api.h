// The Docker Engine API shapes for networking, as pure functions: the networking part of
// POST /containers/create (network, aliases, /etc/hosts lines), the body of
// POST /networks/create, and the parsing of GET /networks.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/result.h"

namespace edge {

// Adds HostConfig.NetworkMode, HostConfig.ExtraHosts and NetworkingConfig to a create body.
// A container without a network keeps the engine's default.
void add_container_networking(nlohmann::json& body, const DesiredContainer& container);

nlohmann::json create_network_body(const std::string& name, const std::string& node,
                                   const std::string& stack);

// The names in a GET /networks answer.
Result<std::vector<std::string>> parse_network_list(std::string_view body);

}  // namespace edge
