#include "core/network/ipv4_subnet.h"

#include <charconv>

namespace edge {

namespace {

// A decimal number of at most `max_digits` digits with no sign, spaces or leading zeros
// (a leading zero reads as octal to inet_aton and to people alike).
bool parse_decimal(std::string_view text, size_t max_digits, int& value) {
    if (text.empty() || text.size() > max_digits) return false;
    if (text.size() > 1 && text[0] == '0') return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ipv4_text(uint32_t address) {
    return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
           std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

std::string Ipv4Subnet::text() const {
    return ipv4_text(base) + "/" + std::to_string(prefix);
}

Result<uint32_t> parse_ipv4_address(std::string_view text) {
    const std::string what = "\"" + std::string(text) + "\" is not an IPv4 address (A.B.C.D)";
    uint32_t address = 0;
    for (int part = 0; part < 4; ++part) {
        size_t dot = text.find('.');
        bool last = part == 3;
        if (last != (dot == std::string_view::npos)) return make_error(what);
        int octet = 0;
        if (!parse_decimal(text.substr(0, dot), 3, octet) || octet > 255) return make_error(what);
        address = (address << 8) | static_cast<uint32_t>(octet);
        if (!last) text.remove_prefix(dot + 1);
    }
    return address;
}

Result<Ipv4Subnet> parse_ipv4_subnet(std::string_view text) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        return make_error("\"" + std::string(text) +
                          "\" is not a subnet: expected CIDR form such as 10.210.0.0/16");
    }
    auto address = parse_ipv4_address(text.substr(0, slash));
    if (!address) return address.error();
    int prefix = 0;
    if (!parse_decimal(text.substr(slash + 1), 2, prefix) || prefix > 32) {
        return make_error("\"" + std::string(text) +
                          "\": the prefix length after '/' must be 0 to 32");
    }
    Ipv4Subnet subnet{*address, prefix};
    uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
    if ((*address & ~mask) != 0) {
        subnet.base = *address & mask;
        return make_error("\"" + std::string(text) + "\" has host bits set; the network is " +
                          subnet.text());
    }
    return subnet;
}

uint32_t first_host(const Ipv4Subnet& subnet) {
    return subnet.base + 1;
}

}  // namespace edge
