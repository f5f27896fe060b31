// SimulatedAgent: one fake edge-agent for the hub scale benchmark. It holds a real MQTT
// connection (with the agent's will message), publishes an online status with declared facts,
// subscribes to its node's desired topic, and answers every desired set at once with a report
// that says every desired container runs, so the hub's cost is measured without any engine.
// Thread-safety: handlers run on the client's network thread; heartbeat() and the accessors may
// be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "bus/mqtt_client.h"
#include "core/model.h"
#include "core/result.h"
#include "schema/topics.h"

namespace edge::bench {

class SimulatedAgent {
  public:
    // With a password, it logs in as the node's identity `node:NAME` (bench/node_identities.h).
    static Result<std::unique_ptr<SimulatedAgent>> create(const std::string& broker_url,
                                                          const std::string& prefix,
                                                          const std::string& node,
                                                          const NodeFacts& facts,
                                                          const std::string& password = "");
    Status start() { return mqtt_->start(); }
    void stop() { mqtt_->stop(); }

    // Re-sends the last report, as a real agent does every report interval.
    void heartbeat();

    bool connected() const { return mqtt_->connected(); }
    // Containers in the last desired set this node answered, and when (unix epoch ms).
    int64_t reported_containers() const { return reported_containers_.load(); }
    int64_t reported_at_ms() const { return reported_at_ms_.load(); }

  private:
    SimulatedAgent(std::string node, NodeFacts facts, Topics topics)
        : node_(std::move(node)), facts_(std::move(facts)), topics_(std::move(topics)) {}
    void on_desired(const MqttMessageIn& message);
    void publish_report(const std::string& payload);

    std::string node_;
    NodeFacts facts_;
    Topics topics_;
    std::unique_ptr<MqttClient> mqtt_;

    std::mutex report_mutex_;
    std::string last_report_;  // GUARDED_BY(report_mutex_): encoded NodeReport
    std::atomic<int64_t> reported_containers_{-1};
    std::atomic<int64_t> reported_at_ms_{0};
};

// The unix epoch in milliseconds, comparable with `date +%s%3N` in the bench scripts.
int64_t epoch_ms();

}  // namespace edge::bench
