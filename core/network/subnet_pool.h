// The stack subnet pool (docs/networking.md): the hub gives each stack's bridge network a small
// IPv4 subnet of its own from one configured range, so a node can hold hundreds of stack
// networks instead of the 31 that Docker's default address pools allow. This is the pure
// part: checking the configuration and picking the lowest free subnet. Which subnets are taken
// (by other stacks, or by networks a node reports in use) is the caller's input, so the same
// input always gives the same subnet.
// Thread-safety: plain values and stateless functions.
#pragma once

#include <string_view>
#include <vector>

#include "core/network/ipv4_subnet.h"
#include "core/result.h"

namespace edge {

// Per-stack prefix lengths accepted: a /16 per stack would hold a whole pool, and a /28 still
// leaves 13 container addresses per stack per node (network, gateway and broadcast are not
// usable).
inline constexpr int kMinStackSubnetPrefix = 16;
inline constexpr int kMaxStackSubnetPrefix = 28;

struct SubnetPool {
    Ipv4Subnet range{(10u << 24) | (210u << 16), 16};  // 10.210.0.0/16
    int prefix = 24;                                   // each stack gets a /24
    bool operator==(const SubnetPool&) const = default;
};

// Checks --stack-subnet-pool and --stack-subnet-size. The range must be a network in CIDR
// form outside the loopback, link-local, "this network" and multicast/reserved blocks, and
// hold at least one subnet of `prefix`.
Result<SubnetPool> make_subnet_pool(std::string_view range, int prefix);

// The lowest subnet of pool.prefix inside pool.range that overlaps none of `taken`. `taken`
// may hold anything (subnets outside the range, larger or smaller ones, duplicates).
// Fails with "no free /24 left in 10.210.0.0/16" when every one overlaps something.
Result<Ipv4Subnet> allocate_subnet(const SubnetPool& pool, std::vector<Ipv4Subnet> taken);

}  // namespace edge
