// services.<name>.ports: "8080:80", "80", "127.0.0.1:8080:80", "[::1]:8080:80", "8080:80/udp",
// or {target, published, protocol, host_ip, mode}.
#include <cctype>
#include <optional>
#include <vector>

#include "compose/fields/ports_volumes.h"
#include "compose/text_split.h"

namespace edge::compose {

namespace {

const char* const kShortSyntax =
    "a port such as \"8080:80\", \"80\", \"127.0.0.1:8080:80\" or \"8080:80/udp\"";

bool is_known_protocol(const std::string& protocol) {
    return protocol == "tcp" || protocol == "udp" || protocol == "sctp";
}

bool all_digits(const std::string& text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// A port number 1-65535 written in decimal.
std::optional<uint16_t> port_number(const std::string& text) {
    if (!all_digits(text) || text.size() > 5) return std::nullopt;
    int number = std::stoi(text);
    if (number < 1 || number > 65535) return std::nullopt;
    return static_cast<uint16_t>(number);
}

bool is_ipv4(const std::string& text) {
    std::vector<std::string> octets = split_fields(text, '.');
    if (octets.size() != 4) return false;
    for (const std::string& octet : octets) {
        if (!all_digits(octet) || octet.size() > 3 || std::stoi(octet) > 255) return false;
    }
    return true;
}

bool is_ipv6(const std::string& text) {
    if (text.find(':') == std::string::npos) return false;
    for (char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    return true;
}

Status check_protocol(const Value& at, const std::string& protocol) {
    if (is_known_protocol(protocol)) return ok_status();
    return at.fail("unknown protocol \"" + protocol + "\"; expected tcp, udp or sctp");
}

Status check_host_ip(const Value& at, const std::string& host_ip) {
    if (is_ipv4(host_ip) || is_ipv6(host_ip)) return ok_status();
    return at.fail("\"" + host_ip + "\" is not an IP address");
}

Error range_refused(const Value& at, const std::string& text) {
    return at.fail("port ranges such as \"" + text + "\" are not supported; list each port");
}

Result<PortMapping> parse_short_port(const Value& item) {
    auto text = item.text(kShortSyntax);
    if (!text) return text.error();
    PortMapping port;
    std::string rest = *text;

    size_t slash = rest.rfind('/');
    if (slash != std::string::npos) {
        port.protocol = rest.substr(slash + 1);
        rest.resize(slash);
        if (Status status = check_protocol(item, port.protocol); !status) return status.error();
    }
    // An IPv6 host address is bracketed so that its colons do not split the mapping.
    bool bracketed = !rest.empty() && rest.front() == '[';
    if (bracketed) {
        size_t close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            return item.expected(kShortSyntax);
        }
        port.host_ip = rest.substr(1, close - 1);
        rest = rest.substr(close + 2);
    }
    if (rest.find('-') != std::string::npos) return range_refused(item, *text);

    std::vector<std::string> parts = split_fields(rest, ':');
    if (parts.size() > 3 || (bracketed && parts.size() != 2)) return item.expected(kShortSyntax);
    if (parts.size() == 3) port.host_ip = parts[0];

    auto target = port_number(parts.back());
    if (!target) return item.expected(kShortSyntax);
    port.container_port = *target;
    if (parts.size() >= 2 && !parts[parts.size() - 2].empty()) {
        // "127.0.0.1::80" leaves the host port for the engine to choose.
        auto published = port_number(parts[parts.size() - 2]);
        if (!published) return item.expected(kShortSyntax);
        port.host_port = *published;
    }
    if (!port.host_ip.empty()) {
        if (Status status = check_host_ip(item, port.host_ip); !status) return status.error();
    }
    return port;
}

Result<PortMapping> parse_long_port(const Value& item) {
    auto entries = item.entries();
    if (!entries) return entries.error();
    PortMapping port;
    bool has_target = false;
    for (const Entry& entry : *entries) {
        const Value& value = entry.value;
        if (entry.key == "target") {
            auto number = value.integer(1, 65535);
            if (!number) return number.error();
            port.container_port = static_cast<uint16_t>(*number);
            has_target = true;
        } else if (entry.key == "published") {
            auto text = value.text("a port number from 1 to 65535");
            if (!text) return text.error();
            if (text->find('-') != std::string::npos) return range_refused(value, *text);
            if (text->empty()) continue;
            auto number = port_number(*text);
            if (!number) return value.expected("a port number from 1 to 65535");
            port.host_port = *number;
        } else if (entry.key == "protocol") {
            auto text = value.text("tcp, udp or sctp");
            if (!text) return text.error();
            if (Status status = check_protocol(value, *text); !status) return status.error();
            port.protocol = *text;
        } else if (entry.key == "host_ip") {
            auto text = value.text("an IP address");
            if (!text) return text.error();
            if (Status status = check_host_ip(value, *text); !status) return status.error();
            port.host_ip = *text;
        } else if (entry.key == "mode") {
            auto text = value.text("host or ingress");
            if (!text) return text.error();
            if (*text == "ingress") {
                value.warn(
                    "there is no ingress routing; the port is published on each node "
                    "that runs a replica");
            } else if (*text != "host") {
                return value.expected("host or ingress");
            }
        } else {
            value.warn_unsupported();
        }
    }
    if (!has_target) return item.missing("target", "a long-syntax port needs the container port");
    return port;
}

}  // namespace

Result<PortMapping> parse_port(const Value& item) {
    if (item.is_map()) return parse_long_port(item);
    return parse_short_port(item);
}

}  // namespace edge::compose
