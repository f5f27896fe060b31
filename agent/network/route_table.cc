#include "agent/network/route_table.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>

#include "agent/text_file.h"

namespace edge {

namespace {

constexpr unsigned kRouteUp = 0x0001;  // RTF_UP

// The kernel prints a route's destination and mask as the 32-bit value in memory, in hex; the
// bytes in memory are in network order, so ntohl gives the address in host order.
bool parse_hex_address(std::string_view field, uint32_t& address) {
    if (field.size() != 8) return false;
    uint32_t raw = 0;
    auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), raw, 16);
    if (error != std::errc() || end != field.data() + field.size()) return false;
    address = ntohl(raw);
    return true;
}

// The prefix length of a contiguous netmask (0xffffff00 -> 24); -1 for a mask with holes.
int prefix_of(uint32_t mask) {
    int prefix = 0;
    while (prefix < 32 && (mask & (0x80000000u >> prefix)) != 0) ++prefix;
    uint32_t expected = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
    return mask == expected ? prefix : -1;
}

bool is_engine_bridge(const std::string& interface) {
    return interface == "docker0" || interface.starts_with("br-");
}

std::vector<Ipv4Subnet> compact(std::vector<Ipv4Subnet> networks) {
    // Broadest first at each address, so a network inside an earlier one is seen after it.
    std::sort(networks.begin(), networks.end(), [](const Ipv4Subnet& a, const Ipv4Subnet& b) {
        return a.base != b.base ? a.base < b.base : a.prefix < b.prefix;
    });
    std::vector<Ipv4Subnet> kept;
    for (const auto& network : networks) {
        if (!kept.empty() && kept.back().base <= network.base &&
            network.last() <= kept.back().last()) {
            continue;  // inside the previous one (or the same)
        }
        kept.push_back(network);
    }
    if (kept.size() > kMaxReportedNetworks) {
        std::stable_sort(kept.begin(), kept.end(), [](const Ipv4Subnet& a, const Ipv4Subnet& b) {
            return a.prefix < b.prefix;
        });
        kept.resize(kMaxReportedNetworks);
        std::sort(kept.begin(), kept.end());
    }
    return kept;
}

}  // namespace

std::vector<Ipv4Subnet> parse_route_table(std::string_view text) {
    std::vector<Ipv4Subnet> networks;
    std::istringstream lines{std::string(text)};
    std::string line;
    std::getline(lines, line);  // the header: Iface Destination Gateway Flags ...
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string interface, destination, gateway, flags, refcnt, use, metric, mask;
        if (!(fields >> interface >> destination >> gateway >> flags >> refcnt >> use >> metric >>
              mask)) {
            continue;
        }
        unsigned flag_bits = 0;
        auto parsed = std::from_chars(flags.data(), flags.data() + flags.size(), flag_bits, 16);
        if (parsed.ec != std::errc() || (flag_bits & kRouteUp) == 0) continue;
        if (interface == "lo" || is_engine_bridge(interface)) continue;
        uint32_t base = 0, netmask = 0;
        if (!parse_hex_address(destination, base) || !parse_hex_address(mask, netmask)) continue;
        int prefix = prefix_of(netmask);
        if (prefix <= 0) continue;  // the default route, or a mask with holes
        networks.push_back({base & netmask, prefix});
    }
    return compact(std::move(networks));
}

std::vector<std::string> networks_in_use(const std::string& proc_root) {
    auto text = read_text_file(std::filesystem::path(proc_root) / "net" / "route");
    if (!text) return {};
    std::vector<std::string> networks;
    for (const auto& network : parse_route_table(*text)) networks.push_back(network.text());
    return networks;
}

}  // namespace edge
