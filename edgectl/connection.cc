#include "edgectl/connection.h"

namespace edge::ctl {

Result<std::unique_ptr<HubConnection>> HubConnection::open(const ConnectionOptions& options) {
    Topics topics(options.prefix);
    auto client =
        RequestClient::connect(options.broker_url, topics, options.timeout, options.username,
                               options.password, options.tls, options.scoped_identity);
    if (!client) return client.error();
    return std::unique_ptr<HubConnection>(new HubConnection(options, std::move(*client)));
}

Result<nlohmann::json> HubConnection::request(const std::string& op, nlohmann::json args,
                                              const std::string& topic) {
    Request request;
    request.op = op;
    if (!options_.environment.empty() && args.is_object() && !args.contains("environment")) {
        args["environment"] = options_.environment;
    }
    request.args = std::move(args);
    std::string destination = topic;
    if (destination.empty() && !options_.scoped_identity.empty()) {
        destination = topics_.environment_requests(options_.environment);
    }
    auto response = client_->call(request, options_.timeout, destination);
    if (!response) return response.error();
    if (!response->ok) {
        // The hub's messages are written for people ("no stack named \"x\""); show them as is.
        if (response->error.empty())
            return make_error("the hub refused " + op + " without a reason");
        return make_error(response->error);
    }
    return std::move(response->data);
}

Status HubConnection::follow_events(MqttClient::MessageHandler handler) {
    if (!options_.scoped_identity.empty()) {
        // The event topic carries every environment's events; the broker keeps it from
        // identities limited to one.
        return make_error("following events live needs the cluster-wide identity; " +
                          options_.scoped_identity + " can list them with `edgectl events`");
    }
    return client_->follow(topics_.events(), std::move(handler));
}

Status HubConnection::follow_topic(const std::string& topic, MqttClient::MessageHandler handler) {
    return client_->follow(topic, std::move(handler));
}

}  // namespace edge::ctl
