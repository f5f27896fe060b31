#include "bench/node_identities.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "bus/mqtt_client.h"
#include "security/broker/access_topics.h"
#include "security/broker/dynsec_client.h"
#include "security/broker/dynsec_roles.h"

namespace edge::bench {

namespace {

Status run(DynsecClient& dynsec, const nlohmann::json& command) {
    auto answer = dynsec.run(command, std::chrono::seconds(10));
    if (!answer.ok()) return answer.error();
    if (!answer->empty()) return make_error(command.value("command", "a command") + ": " + *answer);
    return ok_status();
}

// Until the first connection is up with its subscription renewed: commands sent earlier could
// be answered before the broker knows where to send the answer.
Status wait_ready(const std::atomic<bool>& ready, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!ready.load()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return make_error("the broker-admin identity could not connect");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ok_status();
}

}  // namespace

Status create_node_identities(const BrokerAdmin& admin, const std::string& topic_prefix,
                              const std::vector<std::string>& nodes, const std::string& password) {
    auto mqtt = MqttClient::create({.broker_url = admin.broker_url,
                                    .client_id = "edge-bench-identities-" + nodes.front(),
                                    .username = admin.username,
                                    .password = admin.password});
    if (!mqtt.ok()) return mqtt.error();
    DynsecClient dynsec(**mqtt);
    std::atomic<bool> ready{false};
    (*mqtt)->on_message([&dynsec](const MqttMessageIn& message) { dynsec.deliver(message); });
    (*mqtt)->on_connect([&ready] { ready = true; });
    if (Status s = (*mqtt)->subscribe(kDynsecResponseTopic, 1); !s.ok()) return s;
    if (Status s = (*mqtt)->start(); !s.ok()) return s;
    Status made = wait_ready(ready, std::chrono::seconds(10));
    AccessTopics topics(topic_prefix);
    for (size_t i = 0; made.ok() && i < nodes.size(); ++i) {
        std::string username = node_username(nodes[i]);
        made = run(dynsec, create_role_command(node_role(topics, nodes[i])));
        if (made.ok()) {
            made = run(dynsec, create_client_command(username, password, username,
                                                     "simulated node " + nodes[i]));
        }
    }
    (*mqtt)->stop();
    return made;
}

}  // namespace edge::bench
