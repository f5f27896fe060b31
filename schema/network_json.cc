#include "schema/network_json.h"
#include "schema/json_fields.h"

#include <arpa/inet.h>

#include "core/names.h"
#include "schema/subnet_json.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxAddressLength = 64;
constexpr size_t kMaxNetworkNameLength = 160;

// A list of service names (depends_on, aliases): each must be a valid service name.
std::vector<std::string> names_from(JsonReader& reader, const char* key) {
    auto list = reader.optional_string_list(key);
    if (!list || !reader.ok()) return {};
    for (const auto& name : *list) {
        Status valid = validate_name("name", name);
        if (!valid.ok()) {
            reader.reject(key, valid.error().message);
            return {};
        }
    }
    return *list;
}

bool is_network_name(const std::string& name) {
    if (name.empty() || name.size() > kMaxNetworkNameLength) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

bool is_address_text(const std::string& text) {
    if (text.empty() || text.size() > kMaxAddressLength) return false;
    unsigned char buffer[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

void put_service_networking(json& object, const ServiceSpec& service) {
    if (!service.expose.empty()) {
        json expose = json::array();
        for (const auto& port : service.expose) {
            expose.push_back({{"container", port.container_port}, {"protocol", port.protocol}});
        }
        object["expose"] = expose;
    }
    put_list(object, "depends_on", service.depends_on);
    put_list(object, "network_aliases", service.network_aliases);
}

void read_service_networking(JsonReader& reader, ServiceSpec& service) {
    reader.objects(
        "expose",
        [&](JsonReader& item) {
            PortMapping port;
            port.container_port = static_cast<uint16_t>(item.integer("container", 1, 65535));
            port.protocol = item.string("protocol", 8, false);
            if (port.protocol.empty()) port.protocol = "tcp";
            if (port.protocol != "tcp" && port.protocol != "udp") {
                item.fail("protocol", "tcp or udp");
            }
            service.expose.push_back(port);
        },
        false);
    service.depends_on = names_from(reader, "depends_on");
    service.network_aliases = names_from(reader, "network_aliases");
}

void put_container_networking(json& object, const DesiredContainer& container) {
    if (!container.network.empty()) object["network"] = container.network;
    put_list(object, "aliases", container.aliases);
    if (!container.extra_hosts.empty()) {
        json hosts = json::array();
        for (const auto& host : container.extra_hosts) {
            hosts.push_back({{"name", host.name}, {"address", host.address}});
        }
        object["extra_hosts"] = hosts;
    }
    put_list(object, "depends_on", container.depends_on);
    put_network_addressing(object, container);
}

void read_container_networking(JsonReader& reader, DesiredContainer& container) {
    container.network = reader.string("network", kMaxNetworkNameLength, false);
    if (reader.ok() && reader.has("network") && !is_network_name(container.network)) {
        reader.fail("network", "a network name of letters, digits, '-', '_' or '.'");
    }
    container.aliases = names_from(reader, "aliases");
    reader.objects(
        "extra_hosts",
        [&](JsonReader& item) {
            HostEntry host;
            host.name = item.string("name", kMaxNameLength);
            if (item.ok()) {
                Status valid = validate_name("host name", host.name);
                if (!valid.ok()) item.reject("name", valid.error().message);
            }
            host.address = item.string("address", kMaxAddressLength);
            if (item.ok() && !is_address_text(host.address)) {
                item.fail("address", "an IPv4 or IPv6 address");
            }
            container.extra_hosts.push_back(host);
        },
        false);
    container.depends_on = names_from(reader, "depends_on");
    read_network_addressing(reader, container);
}

void put_node_address(json& facts, const NodeFacts& node) {
    if (!node.address.empty()) facts["address"] = node.address;
}

void read_node_address(JsonReader& reader, NodeFacts& node) {
    node.address = reader.string("address", kMaxAddressLength, false);
    if (reader.ok() && reader.has("address") && !is_address_text(node.address)) {
        reader.fail("address", "an IPv4 or IPv6 address");
    }
}

}  // namespace edge
