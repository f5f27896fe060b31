#include "hub/http/node_add_route.h"

#include "hub/http/http_replies.h"
#include "security/join_messages.h"

namespace edge::http {

namespace {

using nlohmann::json;

constexpr int kJoinPort = 8884;

// "hub.lan:8443" -> "hub.lan"; "[fd00::1]:8443" -> "[fd00::1]".
std::string host_without_port(const std::string& host) {
    size_t colon = host.rfind(':');
    if (colon == std::string::npos || host.find(']', colon) != std::string::npos) return host;
    return host.substr(0, colon);
}

}  // namespace

void handle_node_add(const httplib::Request& req, const ApiPrincipal& who, httplib::Response& res,
                     const ApiContext& api) {
    if (!api.backends.add_node) {
        return send_error(res, 400,
                          "this hub runs without broker identities (edge-hub init), so it "
                          "issues no join tokens");
    }
    json body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
    if (!body.is_object() || !body.value("name", json()).is_string()) {
        return send_error(res, 400, "body: \"name\": expected the new node's name");
    }
    const std::string node = body["name"].get<std::string>();
    // The hub checks who asks and the name, and records the request as an "api" event.
    auto checked = api.backends.call(who, Request{credential_ops::kNodeAdd, {{"node", node}}});
    if (!checked) return send_error(res, 503, checked.error().message);
    if (!checked->outcome.response->ok) {
        return send_error(res, checked->status, checked->outcome.response->error);
    }
    auto given = body.find("join_broker");
    std::string join_broker =
        given != body.end() && given->is_string() ? given->get<std::string>() : "";
    if (join_broker.empty()) {
        join_broker =
            lan_broker_url("mqtt://" + host_without_port(req.get_header_value("Host")), kJoinPort);
    }
    Response issued = api.backends.add_node(node);
    if (!issued.ok) return send_error(res, 400, issued.error);
    const std::string command = join_command_line(
        join_broker, api.topic_prefix, node, issued.data.value("token", std::string()),
        issued.data.value("ca_fingerprint", std::string()));
    send_json(res, 200, {{"node", node}, {"join_command", command}});
}

}  // namespace edge::http
