// LogStreamer over the fake engine and a scripted log source: sessions, leases, stops, caps.
#include "agent/logs/log_streamer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <thread>

#include "agent/testing/fake_engine.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

// Serves each container's logs as the multiplexed stream of `lines`, then, when following,
// waits (asking keep_going) until told to end.
class ScriptedLogs : public LogEngine {
  public:
    Status stream_logs(const std::string& id, const std::string& query,
                       const std::function<bool(std::string_view)>& on_data,
                       const std::function<bool()>& keep_going) override {
        {
            std::lock_guard lock(mutex);
            queries.push_back(id + "?" + query);
        }
        for (const auto& line : lines) {
            std::string frame(8, '\0');
            frame[0] = 1;
            frame[7] = static_cast<char>(line.size() + 1);
            if (!on_data(frame + line + "\n")) return ok_status();
        }
        if (query.find("follow=1") == std::string::npos) return ok_status();
        ++open;
        while (keep_going()) std::this_thread::sleep_for(10ms);
        --open;
        return ok_status();
    }

    std::vector<std::string> lines = {"first", "second"};
    std::atomic<int> open{0};
    std::mutex mutex;
    std::vector<std::string> queries;
};

// The fake engine is not thread-safe; sessions list containers from their own threads.
class LockedEngine : public testing::FakeEngine {
  public:
    Result<std::vector<ContainerDetails>> list_by_label(const std::string& key,
                                                        const std::string& value) override {
        std::lock_guard lock(mutex_);
        return FakeEngine::list_by_label(key, value);
    }

  private:
    std::mutex mutex_;
};

class LogStreamerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        for (int replica : {1, 2}) {
            ContainerDetails c;
            c.observed.stack = "demo";
            c.observed.service = "web";
            c.observed.replica = replica;
            c.observed.state = "running";
            c.labels = {{kLabelStack, "demo"},
                        {kLabelService, "web"},
                        {kLabelReplica, std::to_string(replica)},
                        {kLabelNode, "pi1"}};
            engine.add(c);
            // The same replica of another node on a shared engine is not ours.
            c.labels[kLabelNode] = "pi2";
            engine.add(c);
        }
    }

    std::string start(const std::string& session, bool follow, int64_t lease_ms = 5000) {
        LogsCommand command{LogsOp::kStart, session, "demo", "web", {1, 2}, 10, 0,
                            follow,         lease_ms};
        return encode_logs_command(command);
    }

    std::vector<LogBatch> wait_for_end(const std::string& session) {
        for (int i = 0; i < 500; ++i) {
            {
                std::lock_guard lock(mutex);
                for (const auto& batch : published) {
                    if (batch.session == session && batch.end) return published;
                }
            }
            std::this_thread::sleep_for(10ms);
        }
        ADD_FAILURE() << "session " << session << " did not end";
        std::lock_guard lock(mutex);
        return published;
    }

    LockedEngine engine;
    ScriptedLogs logs;
    std::mutex mutex;
    std::vector<LogBatch> published;
    LogStreamer streamer{"pi1", engine, &logs, [this](const std::string& payload) {
                             auto batch = decode_log_batch(payload);
                             ASSERT_TRUE(batch.ok()) << batch.error().message;
                             std::lock_guard lock(mutex);
                             published.push_back(*batch);
                         }};
};

TEST_F(LogStreamerTest, ASessionSendsEveryReplicasLinesThenEnds) {
    ASSERT_TRUE(streamer.handle(start("session-1", false)).ok());
    auto batches = wait_for_end("session-1");
    size_t lines = 0;
    for (const auto& batch : batches) {
        EXPECT_EQ(batch.node, "pi1");
        EXPECT_EQ(batch.error, "");
        lines += batch.lines.size();
    }
    EXPECT_EQ(lines, 4u);
    EXPECT_EQ(logs.queries.size(), 2u);
    EXPECT_NE(logs.queries[0].find("tail=10"), std::string::npos);
}

TEST_F(LogStreamerTest, AFollowStopsOnStop) {
    ASSERT_TRUE(streamer.handle(start("session-2", true)).ok());
    for (int i = 0; i < 200 && logs.open.load() < 2; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(logs.open.load(), 2);
    LogsCommand stop;
    stop.op = LogsOp::kStop;
    stop.session = "session-2";
    ASSERT_TRUE(streamer.handle(encode_logs_command(stop)).ok());
    wait_for_end("session-2");
    for (int i = 0; i < 100 && logs.open.load() > 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(logs.open.load(), 0);
}

TEST_F(LogStreamerTest, AFollowEndsWhenItsLeaseRunsOutUnlessRenewed) {
    ASSERT_TRUE(streamer.handle(start("session-3", true, 1000)).ok());
    LogsCommand renew;
    renew.op = LogsOp::kRenew;
    renew.session = "session-3";
    renew.lease_ms = 1000;
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(500ms);
        ASSERT_TRUE(streamer.handle(encode_logs_command(renew)).ok());
    }
    EXPECT_EQ(streamer.active_sessions(), 1u);
    auto started = std::chrono::steady_clock::now();
    wait_for_end("session-3");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 800ms);
    EXPECT_EQ(streamer.active_sessions(), 0u);
}

TEST_F(LogStreamerTest, SessionsAreCappedAndTheRefusalIsReported) {
    for (size_t i = 0; i < LogStreamer::kMaxSessions; ++i) {
        ASSERT_TRUE(streamer.handle(start("session-cap" + std::to_string(i), true)).ok());
    }
    ASSERT_TRUE(streamer.handle(start("session-over", true)).ok());
    auto batches = wait_for_end("session-over");
    bool refused = false;
    for (const auto& batch : batches) {
        if (batch.session == "session-over" && batch.end) {
            refused = batch.error.find("already streams") != std::string::npos;
        }
    }
    EXPECT_TRUE(refused);
    streamer.stop_all();
    EXPECT_EQ(logs.open.load(), 0);
}

TEST_F(LogStreamerTest, MissingContainersEndTheSessionWithAnError) {
    LogsCommand command{LogsOp::kStart, "session-4", "demo", "db", {1}, -1, 0, false, 5000};
    ASSERT_TRUE(streamer.handle(encode_logs_command(command)).ok());
    auto batches = wait_for_end("session-4");
    EXPECT_NE(batches.back().error.find("no container of db on pi1"), std::string::npos);
}

TEST_F(LogStreamerTest, BadCommandsAreErrorsAndStartNothing) {
    EXPECT_FALSE(streamer.handle("garbage").ok());
    EXPECT_FALSE(streamer.handle(R"({"v":1,"op":"start","session":"session-5"})").ok());
    EXPECT_FALSE(streamer
                     .handle(R"({"v":1,"op":"start","session":"a/#","stack":"demo",)"
                             R"("service":"web","replicas":[1],"lease_ms":1000})")
                     .ok());
    // Renewing or stopping an unknown session is harmless.
    LogsCommand stop;
    stop.op = LogsOp::kStop;
    stop.session = "session-none";
    EXPECT_TRUE(streamer.handle(encode_logs_command(stop)).ok());
    EXPECT_EQ(streamer.active_sessions(), 0u);
    EXPECT_TRUE(logs.queries.empty());
}

}  // namespace
}  // namespace edge
