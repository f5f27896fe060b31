// HubConnection: edgectl's one way to talk to the hub. It connects a RequestClient to the
// broker, sends one operation at a time and turns a refused request into an error value, so
// command code only sees the response data or a one-line error.
// Thread-safety: request() may be called from one thread at a time; follow() handlers run on
// the MQTT network thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "bus/request_client.h"
#include "core/result.h"
#include "schema/topics.h"

namespace edge::ctl {

// How to reach the hub; filled from edgectl's global options.
struct ConnectionOptions {
    std::string broker_url;
    std::string prefix = kDefaultTopicPrefix;
    std::chrono::milliseconds timeout{10000};
    std::string username;
    std::string password;
    // --env: sent as the "environment" argument of every request, so deploys, removals and
    // listings work in that environment. Empty: deploys go to `default`, listings show all.
    std::string environment;
    // An identity limited to one environment ("env:<env>:<name>", `edgectl env grant`): its
    // requests go to the environment's own topic and its answers come under its name.
    std::string scoped_identity;
    ClientTlsFiles tls;  // empty: from $EDGE_TLS_CA, $EDGE_TLS_CERT, $EDGE_TLS_KEY
};

class HubConnection {
  public:
    // Fails with a clear error when the broker cannot be reached within options.timeout.
    static Result<std::unique_ptr<HubConnection>> open(const ConnectionOptions& options);

    // Sends `op` with `args` and returns the response's data; a response with ok=false becomes
    // an error carrying the hub's own message.
    // `topic` defaults to the hub's request topic, or for a scoped identity to its
    // environment's.
    Result<nlohmann::json> request(const std::string& op, nlohmann::json args,
                                   const std::string& topic = "");

    // Subscribes to the hub's event topic; `handler` receives each raw payload.
    Status follow_events(MqttClient::MessageHandler handler);
    // Subscribes to `topic` (e.g. a log session's relay topic); same handler rules.
    Status follow_topic(const std::string& topic, MqttClient::MessageHandler handler);
    const Topics& topics() const { return topics_; }

  private:
    HubConnection(ConnectionOptions options, std::unique_ptr<RequestClient> client)
        : options_(std::move(options)), client_(std::move(client)), topics_(options_.prefix) {}

    ConnectionOptions options_;
    std::unique_ptr<RequestClient> client_;
    Topics topics_;
};

}  // namespace edge::ctl
