#include "agent/engine/docker_network_api.h"

#include <cctype>
#include <string>

#include "agent/engine/engine.h"

namespace edge {

using nlohmann::json;

void add_container_networking(json& body, const DesiredContainer& c) {
    if (!c.extra_hosts.empty()) {
        json hosts = json::array();
        for (const auto& host : c.extra_hosts) hosts.push_back(host.name + ":" + host.address);
        body["HostConfig"]["ExtraHosts"] = hosts;
    }
    if (c.network.empty()) return;
    body["HostConfig"]["NetworkMode"] = c.network;
    body["NetworkingConfig"] = {{"EndpointsConfig", {{c.network, {{"Aliases", c.aliases}}}}}};
}

json create_network_body(const NetworkToCreate& network, const std::string& node) {
    json body = {{"Name", network.name},
                 {"Driver", "bridge"},
                 {"CheckDuplicate", true},
                 {"Labels", {{kLabelNode, node}, {kLabelStack, network.stack}}}};
    if (!network.subnet.empty()) {
        json config = {{"Subnet", network.subnet}};
        if (!network.gateway.empty()) config["Gateway"] = network.gateway;
        body["IPAM"] = {{"Driver", "default"}, {"Config", json::array({config})}};
    }
    return body;
}

bool is_subnet_overlap(std::string_view engine_message) {
    std::string lower(engine_message);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("overlap") != std::string::npos;
}

Result<std::vector<std::string>> parse_network_list(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_array()) {
        return make_error("engine returned a network list that is not a JSON array");
    }
    std::vector<std::string> names;
    for (const auto& item : document) {
        auto name = item.is_object() ? item.find("Name") : item.end();
        if (!item.is_object() || name == item.end() || !name->is_string()) {
            return make_error("engine returned a network without a Name");
        }
        names.push_back(name->get<std::string>());
    }
    return names;
}

}  // namespace edge
