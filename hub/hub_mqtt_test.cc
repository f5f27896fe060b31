// edge-hub on a real Mosquitto: a fake agent announces itself, edgectl's RequestClient
// deploys, and the desired set arrives retained; a restarted hub republishes it even after
// the broker lost it.
#include "hub/hub.h"

#include <algorithm>
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
    {
        DesiredWatcher gone(broker.url(), topics, "nuc-1");
        ASSERT_FALSE(gone.wait_for(has_web, 500ms).has_value()) << "the broker still has the set";
    }
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

// A stack of `services` services of `replicas` replicas each; `image` tells two versions apart.
// No node may take them (a label none has): each deploy costs the hub a full placement and a
// stored re-plan, but no desired set to publish, so the broker and the hub's network thread
// stay free to carry the node's reports.
StackSpec wide_stack(int services, int replicas, const std::string& image) {
    StackSpec stack{"wide", {}};
    for (int i = 0; i < services; ++i) {
        ServiceSpec service;
        service.name = "svc" + std::to_string(i);
        service.image = image;
        service.replicas = replicas;
        service.memory_limit = 4 << 20;
        service.memory_reservation = 4 << 20;
        service.constraints = {{"node.labels.zone", true, "nowhere"}};
        stack.services.push_back(service);
    }
    return stack;
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

// Receives the node's reports as the hub does, from the broker, and keeps the longest gap
// between two of them: a loaded machine may stall the broker or the clients' network threads,
// and then the node really was silent for the hub too.
class ReportGaps {
  public:
    ReportGaps(const std::string& url, const Topics& topics, const std::string& node) {
        auto client = MqttClient::create({url, "gaps-" + node, "", "", 5, std::nullopt});
        EXPECT_TRUE(client.ok());
        client_ = std::move(*client);
        client_->on_message([this](const MqttMessageIn&) {
            const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now().time_since_epoch())
                                    .count();
            const int64_t last = last_ms_.exchange(now);
            if (last != 0) longest_ms_ = std::max<int64_t>(longest_ms_, now - last);
        });
        EXPECT_TRUE(client_->subscribe(topics.report(node), 0).ok());
        EXPECT_TRUE(client_->start().ok());
    }
    ~ReportGaps() { client_->stop(); }
    std::chrono::milliseconds longest() const {
        return std::chrono::milliseconds(longest_ms_.load());
    }

  private:
    std::unique_ptr<MqttClient> client_;
    std::atomic<int64_t> last_ms_ = 0;
    std::atomic<int64_t> longest_ms_ = 0;
};

// The worker falls seconds behind a burst of deploys while a node keeps reporting every 100 ms.
// Its reports wait in the queue behind the burst, yet the node must never be called
// unreachable (a report counts from its arrival), and the hub still answers afterwards.
TEST(HubMqttTest, ABusyHubDoesNotCallANodeThatKeepsReportingUnreachable) {
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    testing::TempDir dir;
    Topics topics;
    HubOptions options = hub_options(broker, dir);
    constexpr auto kHeartbeatTimeout = 3s;  // the default
    options.liveness.heartbeat_timeout_ms = kHeartbeatTimeout.count() * 1000;
    auto hub = Hub::create(options);
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    std::mutex mutex;
    std::vector<std::string> node_events;
    (*hub)->on_event([&](const Event& event) {
        std::lock_guard lock(mutex);
        if (event.kind == "node") node_events.push_back(event.message);
    });
    ASSERT_TRUE((*hub)->start().ok());

    auto agent = MqttClient::create({broker.url(), "agent-pi-1", "", "", 5, std::nullopt});
    ASSERT_TRUE(agent.ok() && (*agent)->start().ok());
    for (int i = 0; i < 100 && !(*agent)->connected(); ++i) std::this_thread::sleep_for(50ms);
    NodeStatus status{"pi-1", true, {64LL << 30, "amd64", 8, StorageKind::kSsd, "NUC"}, "test"};
    ASSERT_TRUE((*agent)->publish({topics.status("pi-1"), encode_status(status), 1, true}).ok());
    ReportGaps delivered(broker.url(), topics, "pi-1");
    Reporter reporter(**agent, topics, "pi-1");

    auto edgectl = RequestClient::connect(broker.url(), topics, 5s);
    ASSERT_TRUE(edgectl.ok()) << edgectl.error().message;
    auto node_ready = [&] {
        auto nodes = (*edgectl)->call({ops::kNodeList, nlohmann::json::object()}, 120s);
        return nodes.ok() && nodes->ok && nodes->data.size() == 1 &&
               nodes->data[0]["state"] == "ready";
    };
    for (int i = 0; i < 100 && !node_ready(); ++i) std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(node_ready());

    // Deploys that each place 10,000 replicas, alternating two images so that every one
    // changes the state, sent without waiting: they queue up in the hub. Bursts grow until one
    // keeps the worker busy for twice the heartbeat timeout.
    auto flood = MqttClient::create({broker.url(), "flood", "", "", 5, std::nullopt});
    ASSERT_TRUE(flood.ok() && (*flood)->start().ok());
    for (int i = 0; i < 100 && !(*flood)->connected(); ++i) std::this_thread::sleep_for(50ms);
    const std::string deploys[] = {
        encode_request({ops::kDeploy, {{"stack", stack_to_json(wide_stack(10, 1000, "app:1"))}}}),
        encode_request({ops::kDeploy, {{"stack", stack_to_json(wide_stack(10, 1000, "app:2"))}}})};
    std::chrono::milliseconds behind{0};
    std::vector<std::string> states_after_bursts;
    for (int burst = 25; burst <= 1600 && behind < 2 * kHeartbeatTimeout; burst *= 2) {
        for (int i = 0; i < burst; ++i) {
            ASSERT_TRUE((*flood)
                            ->publish({topics.requests(), deploys[i % 2], 1, false,
                                       "edgeorch/clients/flood/response", ""})
                            .ok());
        }
        // The answer to this request waits for the whole burst before it.
        const auto sent = std::chrono::steady_clock::now();
        auto answer = (*edgectl)->call({ops::kNodeList, nlohmann::json::object()}, 300s);
        behind = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - sent);
        ASSERT_TRUE(answer.ok()) << answer.error().message;
        states_after_bursts.push_back(answer->data[0]["state"].get<std::string>());
    }
    EXPECT_GE(behind, 2 * kHeartbeatTimeout) << "no burst kept the hub busy for long";
    const auto silence = std::max(reporter.longest_gap(), delivered.longest());
    if (silence >= kHeartbeatTimeout / 2) {
        // The machine stalled the reporter, the broker or the clients' network threads: the
        // node may really have been silent for the hub.
        GTEST_SKIP() << "reports were " << silence.count() << " ms apart; cannot judge";
    }
    for (const auto& state : states_after_bursts) EXPECT_EQ(state, "ready");
    {
        std::lock_guard lock(mutex);
        for (const auto& message : node_events) {
            EXPECT_EQ(message.find("unreachable"), std::string::npos) << message;
        }
    }
    // After the bursts (the last of them may still be on its way), the hub still answers, and
    // the node is ready.
    EXPECT_TRUE(node_ready());
    (*flood)->stop();
    (*agent)->stop();
    (*hub)->stop();
}

}  // namespace
}  // namespace edge
