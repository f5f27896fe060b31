// RequestClient: MQTT v5 request/response from edgectl (or a test) to the hub.
// Each request carries a response topic private to this client and a fresh correlation id;
// call() waits for the matching response or times out with a clear error.
// Thread-safety: call() may be used from several threads at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "bus/mqtt_client.h"
#include "schema/messages.h"
#include "schema/topics.h"

namespace edge {

// A client's TLS files for an mqtts:// broker; empty fields come from $EDGE_TLS_CA,
// $EDGE_TLS_CERT and $EDGE_TLS_KEY (see MqttOptions).
struct ClientTlsFiles {
    std::string ca;
    std::string cert;
    std::string key;
};

class RequestClient {
  public:
    // Connects to the broker and subscribes to this client's response topic; fails with a clear
    // error when the broker cannot be reached within `timeout`. A `response_scope` (an identity
    // limited to an environment) puts the response topic under that name
    // (Topics::scoped_response), where the broker lets that identity read.
    static Result<std::unique_ptr<RequestClient>> connect(
        const std::string& broker_url, const Topics& topics, std::chrono::milliseconds timeout,
        const std::string& username = "", const std::string& password = "",
        const ClientTlsFiles& tls = {}, const std::string& response_scope = "");
    ~RequestClient();

    // Sends the request and waits for the hub's answer. A hub that does not answer gives
    // "the hub did not answer within Ns (is edge-hub running and connected to BROKER?)"; a
    // request the broker refuses (its ACL) fails at once, naming the topic.
    // `topic` defaults to the hub's request topic.
    Result<Response> call(const Request& request, std::chrono::milliseconds timeout,
                          const std::string& topic = "");

    // Subscribes to `topic_filter` and hands each message to `handler` (for `events -f`).
    Status follow(const std::string& topic_filter, MqttClient::MessageHandler handler);

  private:
    RequestClient() = default;
    std::unique_ptr<MqttClient> client_;
    Topics topics_;
    std::string broker_url_;
    std::string response_topic_;
    std::mutex mutex_;
    std::condition_variable answered_;
    std::map<std::string, std::string> responses_;  // correlation id -> payload; GUARDED_BY(mutex_)
    std::map<int, std::string> in_flight_;  // message id -> correlation id; GUARDED_BY(mutex_)
    std::map<std::string, std::string> refusals_;  // correlation id -> why; GUARDED_BY(mutex_)
    MqttClient::MessageHandler follow_handler_;    // GUARDED_BY(mutex_)
    uint64_t next_id_ = 0;                         // GUARDED_BY(mutex_)
    bool connected_once_ = false;                  // GUARDED_BY(mutex_)
};

}  // namespace edge
