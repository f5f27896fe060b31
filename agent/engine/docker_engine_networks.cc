// DockerEngine's NetworkEngine half: list, create and remove the stack networks.
#include "agent/engine/docker_api.h"
#include "agent/engine/docker_engine.h"
#include "agent/engine/docker_network_api.h"

namespace edge {

namespace {

bool is_success(const HttpResponse& response) {
    return response.status >= 200 && response.status < 300;
}

Error http_error(const std::string& what, const HttpResponse& response) {
    return make_error(what + ": engine answered " + std::to_string(response.status) + ": " +
                      engine_error_message(response.body));
}

}  // namespace

Result<std::vector<std::string>> DockerEngine::list_networks(const std::string& key,
                                                             const std::string& value) {
    nlohmann::json filters = {{"label", {key + "=" + value}}};
    auto response = send("GET", "/networks?filters=" + url_encode(filters.dump()));
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("listing networks", *response);
    return parse_network_list(response->body);
}

Status DockerEngine::create_network(const NetworkToCreate& network, const std::string& node) {
    auto response = send("POST", "/networks/create", create_network_body(network, node).dump());
    if (!response.ok()) return response.error();
    // 409: it exists already (another pass, or another agent on this engine made it).
    if (response->status == 409 || is_success(*response)) return ok_status();
    return http_error("creating network " + network.name, *response);
}

Status DockerEngine::remove_network(const std::string& name) {
    auto response = send("DELETE", "/networks/" + url_encode(name));
    if (!response.ok()) return response.error();
    if (response->status == 404 || is_success(*response)) return ok_status();
    return http_error("removing network " + name, *response);
}

}  // namespace edge
