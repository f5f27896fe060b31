#include "core/network/subnet_pool.h"

#include <algorithm>
#include <string>

namespace edge {

namespace {

struct ReservedBlock {
    Ipv4Subnet subnet;
    const char* what;
};

// Blocks a bridge network must never take: traffic to them never reaches the bridge.
const ReservedBlock kReserved[] = {
    {{0u, 8}, "\"this network\" (0.0.0.0/8)"},
    {{127u << 24, 8}, "loopback (127.0.0.0/8)"},
    {{(169u << 24) | (254u << 16), 16}, "link-local (169.254.0.0/16)"},
    {{224u << 24, 3}, "multicast and reserved (224.0.0.0/3)"},
};

}  // namespace

Result<SubnetPool> make_subnet_pool(std::string_view range, int prefix) {
    auto parsed = parse_ipv4_subnet(range);
    if (!parsed) return make_error("--stack-subnet-pool: " + parsed.error().message);
    for (const auto& reserved : kReserved) {
        if (parsed->overlaps(reserved.subnet)) {
            return make_error("--stack-subnet-pool: " + parsed->text() + " overlaps " +
                              reserved.what + "; use a private range such as 10.210.0.0/16");
        }
    }
    if (prefix < kMinStackSubnetPrefix || prefix > kMaxStackSubnetPrefix) {
        return make_error("--stack-subnet-size: " + std::to_string(prefix) +
                          " is not a prefix length from " + std::to_string(kMinStackSubnetPrefix) +
                          " to " + std::to_string(kMaxStackSubnetPrefix) + " (e.g. 24 or 26)");
    }
    if (prefix < parsed->prefix) {
        return make_error("--stack-subnet-size: a /" + std::to_string(prefix) +
                          " per stack does not fit in the pool " + parsed->text());
    }
    return SubnetPool{*parsed, prefix};
}

Result<Ipv4Subnet> allocate_subnet(const SubnetPool& pool, std::vector<Ipv4Subnet> taken) {
    std::sort(taken.begin(), taken.end());
    const uint64_t block = uint64_t{1} << (32 - pool.prefix);
    const uint64_t end = uint64_t{pool.range.last()};
    // The candidates are the aligned blocks of the range, lowest first. Walking the taken
    // subnets in address order, the cursor jumps past each one it meets, so the cost is one
    // pass over `taken` however large the range.
    uint64_t cursor = pool.range.base;
    for (const auto& subnet : taken) {
        if (cursor + block - 1 > end) break;
        if (uint64_t{subnet.last()} < cursor) continue;
        if (cursor + block - 1 < subnet.base) break;  // the candidate ends before it starts
        uint64_t past = uint64_t{subnet.last()} + 1;
        cursor = (past + block - 1) / block * block;
    }
    if (cursor + block - 1 > end) {
        return make_error("no free /" + std::to_string(pool.prefix) + " left in " +
                          pool.range.text());
    }
    return Ipv4Subnet{static_cast<uint32_t>(cursor), pool.prefix};
}

}  // namespace edge
