// The agent's MQTT wiring against a real Mosquitto, over an in-memory engine: status with facts
// on connect, desired sets from the retained topic, reports as heartbeat, offline on stop.
#include "agent/agent.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "agent/testing/fake_engine.h"
#include "bus/testing/mosquitto_fixture.h"
#include "schema/messages.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

// Collects what the agent publishes, as the hub would see it.
class Observer {
  public:
    explicit Observer(const std::string& url) {
        auto client = MqttClient::create({.broker_url = url, .client_id = "observer"});
        EXPECT_TRUE(client.ok());
        client_ = std::move(client).value();
        client_->on_message([this](const MqttMessageIn& message) {
            std::lock_guard lock(mutex_);
            if (message.topic == topics_.status("pi1")) {
                auto status = decode_status(message.payload);
                if (status.ok()) statuses_.push_back(*status);
            } else if (message.topic == topics_.report("pi1")) {
                auto report = decode_report(message.payload);
                if (report.ok()) reports_.push_back(*report);
            }
            changed_.notify_all();
        });
        EXPECT_TRUE(client_->subscribe(topics_.status("pi1")).ok());
        EXPECT_TRUE(client_->subscribe(topics_.report("pi1")).ok());
        EXPECT_TRUE(client_->start().ok());
    }
    ~Observer() { client_->stop(); }

    void publish_desired(const DesiredSet& set) {
        ASSERT_TRUE(client_
                        ->publish({.topic = topics_.desired("pi1"),
                                   .payload = encode_desired(set),
                                   .qos = 1,
                                   .retain = true})
                        .ok());
    }

    bool wait_connected() {
        for (int i = 0; i < 100 && !client_->connected(); ++i) std::this_thread::sleep_for(50ms);
        return client_->connected();
    }

    // Waits until a status matches `predicate`.
    template <typename Predicate>
    std::optional<NodeStatus> wait_status(Predicate predicate) {
        std::unique_lock lock(mutex_);
        std::optional<NodeStatus> found;
        changed_.wait_for(lock, 10s, [&] {
            for (const auto& status : statuses_) {
                if (predicate(status)) found = status;
            }
            return found.has_value();
        });
        return found;
    }

    template <typename Predicate>
    std::optional<NodeReport> wait_report(Predicate predicate) {
        std::unique_lock lock(mutex_);
        std::optional<NodeReport> found;
        changed_.wait_for(lock, 10s, [&] {
            for (const auto& report : reports_) {
                if (predicate(report)) found = report;
            }
            return found.has_value();
        });
        return found;
    }

    std::optional<NodeReport> latest_report() {
        std::lock_guard lock(mutex_);
        if (reports_.empty()) return std::nullopt;
        return reports_.back();
    }

  private:
    Topics topics_;
    std::unique_ptr<MqttClient> client_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<NodeStatus> statuses_;
    std::vector<NodeReport> reports_;
};

DesiredContainer web(const std::string& image) {
    DesiredContainer c;
    c.stack = "home";
    c.service = "web";
    c.image = image;
    c.memory_limit = 32LL * 1024 * 1024;
    c.spec_hash = spec_hash(c);
    return c;
}

TEST(AgentTest, PublishesStatusTakesDesiredSetsReportsAndGoesOffline) {
    spdlog::set_level(spdlog::level::warn);
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    Observer hub(broker.url());
    ASSERT_TRUE(hub.wait_connected());
    // Retained before the agent exists, as after a hub restart: the agent must pick it up.
    hub.publish_desired(DesiredSet{"pi1", 2, {web("busybox:1")}});

    AgentOptions options;
    options.broker_url = broker.url();
    options.node = "pi1";
    options.report_interval = 200ms;
    options.facts.memory_total = 2LL << 30;
    options.facts.storage = StorageKind::kSd;
    options.facts.model = "Raspberry Pi 4 Model B";
    auto engine = std::make_unique<testing::FakeEngine>();
    auto store = std::make_unique<MemoryStateStore>();
    MemoryStateStore* store_view = store.get();
    Agent agent(options, std::move(engine), std::move(store));
    std::thread runner([&] { EXPECT_TRUE(agent.run().ok()); });

    auto online = hub.wait_status([](const NodeStatus& s) { return s.online; });
    ASSERT_TRUE(online);
    EXPECT_EQ(online->facts.memory_total, 2LL << 30);
    EXPECT_EQ(online->facts.storage, StorageKind::kSd);
    EXPECT_EQ(online->facts.model, "Raspberry Pi 4 Model B");

    auto first = hub.wait_report([](const NodeReport& r) { return r.observed_generation == 2; });
    ASSERT_TRUE(first);
    ASSERT_EQ(first->containers.size(), 1u);
    EXPECT_EQ(first->containers[0].state, "running");

    // A newer set replaces the container; an older one, arriving later, is ignored.
    hub.publish_desired(DesiredSet{"pi1", 3, {web("busybox:2")}});
    auto second = hub.wait_report([](const NodeReport& r) { return r.observed_generation == 3; });
    ASSERT_TRUE(second);
    ASSERT_EQ(second->containers.size(), 1u);
    EXPECT_EQ(second->containers[0].generation, 3);
    hub.publish_desired(DesiredSet{"pi1", 1, {}});
    std::this_thread::sleep_for(600ms);
    auto still = hub.latest_report();
    ASSERT_TRUE(still);
    EXPECT_EQ(still->observed_generation, 3);
    EXPECT_EQ(still->containers.size(), 1u);

    agent.request_stop();
    runner.join();
    auto offline = hub.wait_status([](const NodeStatus& s) { return !s.online; });
    EXPECT_TRUE(offline);
    auto stored = store_view->load();
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ((*stored)->generation, 3);
}

}  // namespace
}  // namespace edge
