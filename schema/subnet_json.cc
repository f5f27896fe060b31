#include "schema/subnet_json.h"

#include <string>

#include "core/network/ipv4_subnet.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxSubnetText = 18;  // "255.255.255.255/32"

}  // namespace

void put_network_addressing(json& object, const DesiredContainer& container) {
    if (container.network_subnet.empty()) return;
    object["network_subnet"] = container.network_subnet;
    object["network_gateway"] = container.network_gateway;
}

void read_network_addressing(JsonReader& reader, DesiredContainer& container) {
    if (!reader.has("network_subnet") && !reader.has("network_gateway")) return;
    std::string subnet_text = reader.string("network_subnet", kMaxSubnetText);
    std::string gateway_text = reader.string("network_gateway", kMaxSubnetText);
    if (!reader.ok()) return;
    auto subnet = parse_ipv4_subnet(subnet_text);
    if (!subnet) return reader.reject("network_subnet", subnet.error().message);
    if (subnet->prefix > 30) return reader.fail("network_subnet", "a subnet of /30 or larger");
    auto gateway = parse_ipv4_address(gateway_text);
    if (!gateway) return reader.reject("network_gateway", gateway.error().message);
    if (!subnet->contains(*gateway) || *gateway == subnet->base || *gateway == subnet->last()) {
        return reader.fail("network_gateway", "a host address inside " + subnet->text());
    }
    container.network_subnet = subnet->text();
    container.network_gateway = gateway_text;
}

void put_networks_in_use(json& facts, const NodeFacts& node) {
    if (!node.networks_in_use.empty()) facts["networks_in_use"] = node.networks_in_use;
}

void read_networks_in_use(JsonReader& reader, NodeFacts& node) {
    auto list = reader.optional_string_list("networks_in_use");
    if (!list || !reader.ok()) return;
    if (list->size() > kMaxNetworksInUse) {
        return reader.fail("networks_in_use",
                           "at most " + std::to_string(kMaxNetworksInUse) + " networks");
    }
    for (size_t i = 0; i < list->size(); ++i) {
        auto subnet = parse_ipv4_subnet((*list)[i]);
        if (!subnet) {
            return reader.reject("networks_in_use[" + std::to_string(i) + "]",
                                 subnet.error().message);
        }
    }
    node.networks_in_use = std::move(*list);
}

}  // namespace edge
