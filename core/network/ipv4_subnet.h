// Ipv4Subnet: an IPv4 network in CIDR form (10.210.3.0/24), as the stack subnet pool
// (core/network/subnet_pool.h), the desired sets and the nodes' in-use networks carry it.
// Thread-safety: a plain value type and stateless functions.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

struct Ipv4Subnet {
    uint32_t base = 0;  // host byte order; no bits set past the prefix
    int prefix = 0;     // 0..32

    // How many addresses it spans (2^(32 - prefix)), as 64 bits so /0 fits.
    uint64_t size() const { return uint64_t{1} << (32 - prefix); }
    uint32_t last() const { return static_cast<uint32_t>(base + size() - 1); }
    bool overlaps(const Ipv4Subnet& other) const {
        return base <= other.last() && other.base <= last();
    }
    bool contains(uint32_t address) const { return base <= address && address <= last(); }
    // "10.210.3.0/24"
    std::string text() const;
    auto operator<=>(const Ipv4Subnet&) const = default;
};

// A dotted-quad IPv4 address, in host byte order, as text.
std::string ipv4_text(uint32_t address);

// Parses "A.B.C.D/N". Errors say what was wrong: not an address, a prefix out of 0..32, or
// host bits set ("10.210.1.0/16 has host bits set; the network is 10.210.0.0/16").
Result<Ipv4Subnet> parse_ipv4_subnet(std::string_view text);

// Parses a dotted-quad address ("10.210.3.1") into host byte order.
Result<uint32_t> parse_ipv4_address(std::string_view text);

// The address a bridge network's gateway takes: the first host address (10.210.3.1 for
// 10.210.3.0/24). Meaningless for /31 and /32, which the pool never hands out.
uint32_t first_host(const Ipv4Subnet& subnet);

}  // namespace edge
