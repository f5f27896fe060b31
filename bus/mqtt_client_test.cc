// Black-box tests of the MQTT client against a real Mosquitto.
#include "bus/mqtt_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bus/request_client.h"
#include "bus/testing/mosquitto_fixture.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

// Collects messages from the network thread for the test thread to wait on.
class Inbox {
  public:
    void add(const MqttMessageIn& message) {
        std::lock_guard lock(mutex_);
        messages_.push_back(message);
        arrived_.notify_all();
    }
    bool wait_for_count(size_t count, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
    }
    MqttMessageIn at(size_t i) {
        std::lock_guard lock(mutex_);
        return messages_.at(i);
    }

  private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<MqttMessageIn> messages_;
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

class MqttClientTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!broker_.available()) GTEST_SKIP() << "mosquitto is not installed";
        ASSERT_TRUE(broker_.start());
    }
    std::unique_ptr<MqttClient> make_client(const std::string& id,
                                            std::optional<MqttMessageOut> will = std::nullopt) {
        MqttOptions options;
        options.broker_url = broker_.url();
        options.client_id = id;
        options.keepalive_seconds = 5;
        options.will = std::move(will);
        auto client = MqttClient::create(options);
        EXPECT_TRUE(client.ok());
        return std::move(*client);
    }
    testing::MosquittoProcess broker_;
};

TEST(ParseBrokerUrl, AcceptsAndRejects) {
    auto full = parse_broker_url("mqtt://127.0.0.1:1884");
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->host, "127.0.0.1");
    EXPECT_EQ(full->port, 1884);
    EXPECT_EQ(parse_broker_url("mqtt://broker")->port, 1883);
    EXPECT_EQ(parse_broker_url("localhost:2000")->port, 2000);
    EXPECT_TRUE(parse_broker_url("mqtts://broker")->tls);
    EXPECT_EQ(parse_broker_url("mqtts://broker")->port, 8883);
    EXPECT_FALSE(parse_broker_url("http://x:1").ok());
    EXPECT_FALSE(parse_broker_url("mqtt://x:99999").ok());
    EXPECT_FALSE(parse_broker_url("mqtt://:1883").ok());
    EXPECT_FALSE(parse_broker_url("mqtt://x:1a").ok());
}

TEST_F(MqttClientTest, RetainedMessageReachesLateSubscriberWithV5Properties) {
    // The publisher hears its own message back: only then has the broker stored it as retained,
    // so the late subscriber cannot race the publish and receive it live (retain flag cleared).
    Inbox echo;
    auto publisher = make_client("pub");
    publisher->on_message([&](const MqttMessageIn& m) { echo.add(m); });
    ASSERT_TRUE(publisher->subscribe("t/#", 1).ok());
    ASSERT_TRUE(publisher->start().ok());
    ASSERT_TRUE(wait_until([&] { return publisher->connected(); }, 5s));
    ASSERT_TRUE(publisher->publish({"t/a", "hello", 1, true, "t/reply", "corr-1"}).ok());
    ASSERT_TRUE(echo.wait_for_count(1, 5s));

    Inbox inbox;
    auto subscriber = make_client("sub");
    subscriber->on_message([&](const MqttMessageIn& m) { inbox.add(m); });
    ASSERT_TRUE(subscriber->subscribe("t/#", 1).ok());
    ASSERT_TRUE(subscriber->start().ok());
    ASSERT_TRUE(inbox.wait_for_count(1, 5s));
    MqttMessageIn message = inbox.at(0);
    EXPECT_EQ(message.topic, "t/a");
    EXPECT_EQ(message.payload, "hello");
    EXPECT_TRUE(message.retained);
    EXPECT_EQ(message.response_topic, "t/reply");
    EXPECT_EQ(message.correlation_data, "corr-1");
}

TEST_F(MqttClientTest, WillIsPublishedWhenTheConnectionDies) {
    Inbox inbox;
    auto watcher = make_client("watcher");
    watcher->on_message([&](const MqttMessageIn& m) { inbox.add(m); });
    ASSERT_TRUE(watcher->subscribe("node/status").ok());
    ASSERT_TRUE(watcher->start().ok());
    ASSERT_TRUE(wait_until([&] { return watcher->connected(); }, 5s));

    // A child process connects with a will and is killed without a clean disconnect.
    pid_t child = fork();
    if (child == 0) {
        MqttOptions options;
        options.broker_url = broker_.url();
        options.client_id = "doomed";
        options.keepalive_seconds = 5;
        options.will = MqttMessageOut{"node/status", "offline", 1, true, "", ""};
        auto client = MqttClient::create(options);
        if (!client.ok() || !(*client)->start().ok()) _exit(1);
        while (true) std::this_thread::sleep_for(1s);
    }
    std::this_thread::sleep_for(700ms);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    ASSERT_TRUE(inbox.wait_for_count(1, 5s));
    EXPECT_EQ(inbox.at(0).payload, "offline");
}

TEST_F(MqttClientTest, ReconnectsAndResubscribesAfterBrokerRestart) {
    Inbox inbox;
    auto subscriber = make_client("resub");
    subscriber->on_message([&](const MqttMessageIn& m) { inbox.add(m); });
    ASSERT_TRUE(subscriber->subscribe("r/x").ok());
    ASSERT_TRUE(subscriber->start().ok());
    ASSERT_TRUE(wait_until([&] { return subscriber->connected(); }, 5s));

    broker_.stop(/*crash=*/true);
    ASSERT_TRUE(wait_until([&] { return !subscriber->connected(); }, 10s));
    ASSERT_TRUE(broker_.start());
    ASSERT_TRUE(wait_until([&] { return subscriber->connected(); }, 15s));

    auto publisher = make_client("pub2");
    ASSERT_TRUE(publisher->start().ok());
    ASSERT_TRUE(wait_until([&] { return publisher->connected(); }, 5s));
    ASSERT_TRUE(publisher->publish({"r/x", "after", 1, false, "", ""}).ok());
    ASSERT_TRUE(inbox.wait_for_count(1, 5s));
    EXPECT_EQ(inbox.at(0).payload, "after");
}

TEST_F(MqttClientTest, StartsBeforeTheBrokerAndConnectsWhenItAppears) {
    broker_.stop();
    auto client = make_client("early");
    ASSERT_TRUE(client->start().ok());
    std::this_thread::sleep_for(300ms);
    EXPECT_FALSE(client->connected());
    ASSERT_TRUE(broker_.start());
    EXPECT_TRUE(wait_until([&] { return client->connected(); }, 15s));
}

TEST_F(MqttClientTest, RequestClientGetsTheMatchingResponseOrTimesOut) {
    Topics topics("test");
    // A minimal responder standing in for the hub: echoes the op back.
    auto responder = make_client("responder");
    MqttClient* raw = responder.get();
    responder->on_message([raw](const MqttMessageIn& m) {
        auto request = decode_request(m.payload);
        Response response{request.ok(), request.ok() ? "" : request.error().message,
                          request.ok() ? nlohmann::json{{"op", request->op}} : nullptr};
        (void)raw->publish(
            {m.response_topic, encode_response(response), 1, false, "", m.correlation_data});
    });
    ASSERT_TRUE(responder->subscribe(topics.requests()).ok());
    ASSERT_TRUE(responder->start().ok());
    ASSERT_TRUE(wait_until([&] { return responder->connected(); }, 5s));

    auto client = RequestClient::connect(broker_.url(), topics, 5s);
    ASSERT_TRUE(client.ok()) << client.error().message;
    auto answer = (*client)->call(Request{"node.ls", {}}, 5s);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_TRUE(answer->ok);
    EXPECT_EQ(answer->data["op"], "node.ls");

    responder->stop();
    auto silent = (*client)->call(Request{"node.ls", {}}, 300ms);
    ASSERT_FALSE(silent.ok());
    EXPECT_NE(silent.error().message.find("the hub did not answer within 0.3s"), std::string::npos);
}

TEST(RequestClient, ClearErrorWhenNoBroker) {
    int port = testing::free_loopback_port();
    auto client =
        RequestClient::connect("mqtt://127.0.0.1:" + std::to_string(port), Topics(), 500ms);
    ASSERT_FALSE(client.ok());
    EXPECT_NE(client.error().message.find("cannot reach the broker"), std::string::npos);
}

}  // namespace
}  // namespace edge
