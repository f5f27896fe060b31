#include "bench/simulated_agent.h"

#include <chrono>

#include "schema/messages.h"
#include "security/broker/access_topics.h"

namespace edge::bench {

namespace {

constexpr const char* kSimulatedAgentVersion = "simulated";

// What a real agent would report once every desired container runs.
NodeReport all_running(const DesiredSet& desired) {
    NodeReport report{.node = desired.node, .observed_generation = desired.generation};
    for (const DesiredContainer& container : desired.containers) {
        std::string name =
            container_name(desired.node, container.stack, container.service, container.replica);
        report.containers.push_back({.id = "sim-" + name,
                                     .name = name,
                                     .stack = container.stack,
                                     .service = container.service,
                                     .replica = container.replica,
                                     .spec_hash = container.spec_hash,
                                     .generation = desired.generation,
                                     .state = "running",
                                     .memory_limit = container.memory_limit});
    }
    return report;
}

}  // namespace

int64_t epoch_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<std::unique_ptr<SimulatedAgent>> SimulatedAgent::create(const std::string& broker_url,
                                                               const std::string& prefix,
                                                               const std::string& node,
                                                               const NodeFacts& facts,
                                                               const std::string& password) {
    std::unique_ptr<SimulatedAgent> agent(new SimulatedAgent(node, facts, Topics(prefix)));
    MqttOptions options{.broker_url = broker_url, .client_id = "edge-bench-" + node};
    if (!password.empty()) {
        options.username = node_username(node);
        options.password = password;
    }
    options.will =
        MqttMessageOut{.topic = agent->topics_.status(node),
                       .payload = encode_status({node, false, {}, kSimulatedAgentVersion}),
                       .qos = 1,
                       .retain = true};
    auto mqtt = MqttClient::create(std::move(options));
    if (!mqtt.ok()) return mqtt.error();
    agent->mqtt_ = std::move(mqtt).value();

    SimulatedAgent* self = agent.get();
    agent->mqtt_->on_message([self](const MqttMessageIn& message) { self->on_desired(message); });
    agent->mqtt_->on_connect([self] {
        // Runs again on every reconnect, so a lost status is sent again then.
        (void)self->mqtt_->publish(
            {.topic = self->topics_.status(self->node_),
             .payload = encode_status({self->node_, true, self->facts_, kSimulatedAgentVersion}),
             .qos = 1,
             .retain = true});
    });
    Status subscribed = agent->mqtt_->subscribe(agent->topics_.desired(node), 1);
    if (!subscribed.ok()) return subscribed.error();
    return agent;
}

void SimulatedAgent::on_desired(const MqttMessageIn& message) {
    if (message.topic != topics_.desired(node_)) return;
    auto desired = decode_desired(message.payload);
    if (!desired.ok()) return;  // the hub never sends one; a real agent would log and drop it
    std::string payload = encode_report(all_running(*desired));
    {
        std::lock_guard lock(report_mutex_);
        last_report_ = payload;
    }
    publish_report(payload);
    reported_containers_ = static_cast<int64_t>(desired->containers.size());
    reported_at_ms_ = epoch_ms();
}

void SimulatedAgent::heartbeat() {
    std::string payload;
    {
        std::lock_guard lock(report_mutex_);
        payload = last_report_;
    }
    if (!payload.empty()) publish_report(payload);
}

void SimulatedAgent::publish_report(const std::string& payload) {
    if (!mqtt_->connected()) return;
    (void)mqtt_->publish({.topic = topics_.report(node_), .payload = payload, .qos = 1});
}

}  // namespace edge::bench
