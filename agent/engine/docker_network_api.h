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
#include "core/network/network_plan.h"
#include "core/result.h"

namespace edge {

// Adds HostConfig.NetworkMode, HostConfig.ExtraHosts and NetworkingConfig to a create body.
// A container without a network keeps the engine's default.
void add_container_networking(nlohmann::json& body, const DesiredContainer& container);

// The body of POST /networks/create: a labelled bridge, with an IPAM config
// {Driver: default, Config: [{Subnet, Gateway}]} when the network has a subnet.
nlohmann::json create_network_body(const NetworkToCreate& network, const std::string& node);

// Whether an engine error says that the subnet asked for overlaps one of its networks
// ("Pool overlaps with other one on this address space", "networks have overlapping IPv4").
bool is_subnet_overlap(std::string_view engine_message);

// The names in a GET /networks answer.
Result<std::vector<std::string>> parse_network_list(std::string_view body);

}  // namespace edge
