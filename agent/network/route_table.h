// The IPv4 networks a node's routes use, for its facts (NodeFacts::networks_in_use): the hub
// never gives a stack network a subnet that overlaps one of them, since a bridge on such a
// subnet would shadow the LAN, a VPN or another route on that node (docs/networking.md).
// Read from /proc/net/route, the kernel's main routing table, which lists the networks of the
// node's interfaces and any static or VPN routes.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/network/ipv4_subnet.h"

namespace edge {

// At most this many networks are reported; the smallest ones are dropped first when a node
// has more (a broad route is the one most likely to collide with a whole pool).
inline constexpr size_t kMaxReportedNetworks = 64;

// Parses /proc/net/route text. Keeps the routes that are up, except the default route (it
// covers everything and says nothing), routes on loopback and routes on the engine's own
// bridges (docker0, br-*): the engine already refuses overlaps with its own networks, and
// counting the stack networks themselves would block their subnets after the stack is gone.
// Lines that do not parse are skipped. The result is compacted: sorted, with networks inside
// another one dropped, and at most kMaxReportedNetworks of them.
std::vector<Ipv4Subnet> parse_route_table(std::string_view text);

// The networks in use on this host, as CIDR text, from PROC_ROOT/net/route; empty when it
// cannot be read.
std::vector<std::string> networks_in_use(const std::string& proc_root = "/proc");

}  // namespace edge
