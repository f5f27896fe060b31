// edge-hub on a real Mosquitto: a fake agent announces itself, edgectl's RequestClient
// deploys, and the desired set arrives retained; a restarted hub republishes it even after
// the broker lost it.
#include "hub/hub.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "bus/request_client.h"
#include "bus/testing/mosquitto_fixture.h"
#include "hub/test_util.h"
#include "schema/requests.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

// Collects the desired sets published for one node.
class DesiredWatcher {
  public:
    DesiredWatcher(const std::string& url, const Topics& topics, const std::string& node) {
        auto client = MqttClient::create({url, "watcher-" + node, "", "", 5, std::nullopt});
        EXPECT_TRUE(client.ok());
        client_ = std::move(*client);
        client_->on_message([this](const MqttMessageIn& message) {
            auto set = decode_desired(message.payload);
            if (!set) return;  // an empty retained message clears the topic
            std::lock_guard lock(mutex_);
            sets_.push_back(*set);
            arrived_.notify_all();
        });
        EXPECT_TRUE(client_->subscribe(topics.desired(node), 1).ok());
        EXPECT_TRUE(client_->start().ok());
    }
    ~DesiredWatcher() { client_->stop(); }

    // The first set that satisfies `wanted`, waiting up to `timeout`.
    template <typename Predicate>
    std::optional<DesiredSet> wait_for(Predicate wanted, std::chrono::milliseconds timeout = 10s) {
        std::unique_lock lock(mutex_);
        std::optional<DesiredSet> found;
        arrived_.wait_for(lock, timeout, [&] {
            for (const auto& set : sets_) {
                if (wanted(set)) found = set;
            }
            return found.has_value();
        });
        return found;
    }

  private:
    std::unique_ptr<MqttClient> client_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<DesiredSet> sets_;
};

// A hub on the test's broker with a fresh database in the test's directory.
HubOptions hub_options(testing::MosquittoProcess& broker, testing::TempDir& dir) {
    HubOptions options;
    options.broker_url = broker.url();
    options.db_path = dir.file("hub.db");
    return options;
}

TEST(HubMqttTest, DeployReachesTheAgentAndSurvivesARestart) {
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    testing::TempDir dir;
    Topics topics;
    HubOptions options = hub_options(broker, dir);
    auto hub = Hub::create(options);
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    ASSERT_TRUE((*hub)->start().ok());

    auto agent = MqttClient::create({broker.url(), "agent-nuc-1", "", "", 5, std::nullopt});
    ASSERT_TRUE(agent.ok());
    ASSERT_TRUE((*agent)->start().ok());
    NodeStatus status{"nuc-1", true, {8LL << 30, "amd64", 4, StorageKind::kSsd, "NUC"}, "test"};
    for (int i = 0; i < 100 && !(*agent)->connected(); ++i) std::this_thread::sleep_for(50ms);
    ASSERT_TRUE((*agent)->publish({topics.status("nuc-1"), encode_status(status), 1, true}).ok());

    auto edgectl = RequestClient::connect(broker.url(), topics, 5s);
    ASSERT_TRUE(edgectl.ok()) << edgectl.error().message;
    ServiceSpec web;
    web.name = "web";
    web.image = "nginx:1.27";
    web.replicas = 1;
    // The status may still be in flight: retry until the node is known and the replica placed.
    std::string node;
    for (int attempt = 0; attempt < 50 && node.empty(); ++attempt) {
        auto response =
            (*edgectl)->call({ops::kDeploy, {{"stack", stack_to_json({"app", {web}})}}}, 5s);
        ASSERT_TRUE(response.ok()) << response.error().message;
        ASSERT_TRUE(response->ok) << response->error;
        node = response->data["replicas"][0]["node"].get<std::string>();
        if (node.empty()) std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(node, "nuc-1");

    auto has_web = [](const DesiredSet& set) {
        return set.containers.size() == 1 && set.containers[0].service == "web";
    };
    std::optional<DesiredSet> first;
    {
        DesiredWatcher watcher(broker.url(), topics, "nuc-1");
        first = watcher.wait_for(has_web);
        ASSERT_TRUE(first.has_value());
        EXPECT_EQ(first->node, "nuc-1");
    }

    // The broker forgets the retained set; a restarted hub publishes it again from SQLite.
    (*hub)->stop();
    hub->reset();
    ASSERT_TRUE((*agent)->publish({topics.desired("nuc-1"), "", 1, true}).ok());
    // The clearing message is on its way (publish does not wait); a subscriber that came
    // first on a loaded machine still gets the old set, so look until one does not.
    bool forgotten = false;
    for (int attempt = 0; attempt < 10 && !forgotten; ++attempt) {
        DesiredWatcher gone(broker.url(), topics, "nuc-1");
        forgotten = !gone.wait_for(has_web, 500ms).has_value();
    }
    ASSERT_TRUE(forgotten) << "the broker still has the set";
    auto restarted = Hub::create(options);
    ASSERT_TRUE(restarted.ok()) << restarted.error().message;
    ASSERT_TRUE((*restarted)->start().ok());
    DesiredWatcher watcher(broker.url(), topics, "nuc-1");
    auto again = watcher.wait_for(has_web);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *first);  // same content, same generation
    (*restarted)->stop();
    (*agent)->stop();
}

TEST(HubMqttTest, TheWorkerKeepsTurningWhileIdleSoTheWatchdogCanTellItFromAStuckOne) {
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    testing::TempDir dir;
    HubOptions options = hub_options(broker, dir);
    auto hub = Hub::create(options);
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    ASSERT_TRUE((*hub)->start().ok());
    const auto first = (*hub)->last_turn();
    EXPECT_GT(first.time_since_epoch().count(), 0);
    // No message arrives, yet the liveness tick moves the worker round its loop.
    bool advanced = false;
    for (int i = 0; i < 100 && !advanced; ++i) {
        std::this_thread::sleep_for(50ms);
        advanced = (*hub)->last_turn() > first;
    }
    EXPECT_TRUE(advanced);
    (*hub)->stop();
}

// Publishes the node's report every 100 ms on its own thread, as an agent does, and keeps the
// longest gap it actually left between two reports: on a loaded machine the test's own threads
// may stall, and a node that truly fell silent may rightly be called unreachable.
class Reporter {
  public:
    Reporter(MqttClient& agent, const Topics& topics, const std::string& node)
        : thread_([this, &agent, topics, node] {
              auto last = std::chrono::steady_clock::now();
              while (running_) {
                  NodeReport report{node, 1, {}, 1LL << 30};
                  (void)agent.publish({topics.report(node), encode_report(report), 0, false});
                  const auto now = std::chrono::steady_clock::now();
                  longest_gap_ms_ = std::max<int64_t>(
                      longest_gap_ms_,
                      std::chrono::duration_cast<std::chrono::milliseconds>(now - last).count());
                  last = now;
                  std::this_thread::sleep_for(100ms);
              }
          }) {}
    ~Reporter() {
        running_ = false;
        thread_.join();
    }
    std::chrono::milliseconds longest_gap() const {
        return std::chrono::milliseconds(longest_gap_ms_.load());
    }

  private:
    std::atomic<bool> running_ = true;
    std::atomic<int64_t> longest_gap_ms_ = 0;
    std::thread thread_;
};

// One task keeps the worker busy for three heartbeat timeouts (an event sink that blocks, as a
// 10,000-replica deploy in a slow build does) while the node reports every 100 ms. Liveness is
// judged right after the task, and must count the reports that came in during it: judged on
// those known before it, the node looked silent and was called unreachable (this is how an
// earlier test of a busy hub failed in the sanitizer build under CI's load).
TEST(HubMqttTest, ANodeThatReportsThroughALongTaskStaysReady) {
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    testing::TempDir dir;
    Topics topics;
    HubOptions options = hub_options(broker, dir);
    constexpr auto kHeartbeatTimeout = 2s;
    options.liveness.heartbeat_timeout_ms = kHeartbeatTimeout.count() * 1000;
    std::mutex mutex;  // before the hub: its worker calls the sink until it stops
    std::vector<std::string> node_events;
    auto hub = Hub::create(options);
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    (*hub)->on_event([&](const Event& event) {
        if (event.kind == "deploy") std::this_thread::sleep_for(3 * kHeartbeatTimeout);
        std::lock_guard lock(mutex);
        if (event.kind == "node") node_events.push_back(event.message);
    });
    ASSERT_TRUE((*hub)->start().ok());

    auto agent = MqttClient::create({broker.url(), "agent-pi-1", "", "", 5, std::nullopt});
    ASSERT_TRUE(agent.ok() && (*agent)->start().ok());
    for (int i = 0; i < 100 && !(*agent)->connected(); ++i) std::this_thread::sleep_for(50ms);
    NodeStatus status{"pi-1", true, {64LL << 30, "amd64", 8, StorageKind::kSsd, "NUC"}, "test"};
    ASSERT_TRUE((*agent)->publish({topics.status("pi-1"), encode_status(status), 1, true}).ok());
    Reporter reporter(**agent, topics, "pi-1");
    auto edgectl = RequestClient::connect(broker.url(), topics, 5s);
    ASSERT_TRUE(edgectl.ok()) << edgectl.error().message;
    auto node_state = [&] {
        auto nodes = (*edgectl)->call({ops::kNodeList, nlohmann::json::object()}, 30s);
        return nodes.ok() && nodes->ok && nodes->data.size() == 1
                   ? nodes->data[0]["state"].get<std::string>()
                   : std::string("no answer");
    };
    for (int i = 0; i < 100 && node_state() != "ready"; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_EQ(node_state(), "ready");

    ServiceSpec web;
    web.name = "web";
    web.image = "nginx:1.27";
    auto deployed = (*edgectl)->call({ops::kDeploy, {{"stack", stack_to_json({"app", {web}})}}},
                                     3 * kHeartbeatTimeout + 30s);
    ASSERT_TRUE(deployed.ok() && deployed->ok);
    std::this_thread::sleep_for(1s);  // several liveness ticks after the long task
    if (reporter.longest_gap() >= kHeartbeatTimeout / 2) {
        GTEST_SKIP() << "the machine stalled the reporter for " << reporter.longest_gap().count()
                     << " ms; the node may really have been silent";
    }
    EXPECT_EQ(node_state(), "ready");
    std::lock_guard lock(mutex);
    for (const auto& message : node_events) {
        EXPECT_EQ(message.find("unreachable"), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace edge
