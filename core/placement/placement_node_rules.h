// Placement rules that come from what a node has and allows rather than from its memory:
// the devices a service names (a Zigbee stick is on one node only), the node's own policy
// (core/placement/node_policy.h), the host ports of a host-networked replica, and the node a
// `network_mode: service:NAME` replica must share with NAME. Pure functions over values;
// core/placement/placement.cc applies them.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/network/service_network.h"

namespace edge {

// Why `node` cannot run `service` for lack of a device, e.g. "no /dev/ttyUSB0"; empty when
// it has every host path the service's `devices:` names.
std::string device_refusal(const NodeFacts& node, const ServiceSpec& service);

// Why the node's own policy refuses `service`; empty when it allows it or reported no policy
// (an agent that predates policies enforces none).
std::string node_policy_refusal(const NodeFacts& node, const ServiceSpec& service);

// The host ports a replica binds on its node, as placement must count them. With
// `network_mode: host` the container's own ports are the host's: each `ports` container port
// and each `expose` port, whatever host port a mapping names (the engine ignores mappings
// there). Otherwise host_ports() of core/network/service_network.h.
std::vector<HostPort> placement_host_ports(const ServiceSpec& service);

// NAME of `network_mode: service:NAME`, whose replica this one must share a node with; empty
// for any other mode.
std::string network_peer_service(const ServiceSpec& service);

}  // namespace edge
