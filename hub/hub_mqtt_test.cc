// edge-hub on a real Mosquitto: a fake agent announces itself, edgectl's RequestClient
// deploys, and the desired set arrives retained; a restarted hub republishes it even after
// the broker lost it.
#include "hub/hub.h"

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

}  // namespace
}  // namespace edge
