// `edgectl logs` in the hub: sessions, commands to the nodes, relaying, leases and bad input.
#include "hub/api/log_handlers.h"

#include "hub/hub_core_fixture.h"
#include "schema/log_messages.h"

namespace edge::testing {
namespace {

constexpr const char* kSession = "abcdef0123456789";

class LogHandlersTest : public HubCoreTest {
  protected:
    void SetUp() override {
        HubCoreTest::SetUp();
        status("nuc-1", true);
        status("nuc-2", true);
        ASSERT_TRUE(deploy({"demo", {service("web", "nginx:1.27", 2)}}).response->ok);
    }

    Outcome batch_from(const std::string& node, LogBatch batch) {
        return core_->handle_message(topics_.node_log(node), encode_log_batch(batch), false,
                                     now_++);
    }

    static LogBatch lines(const std::string& node, std::vector<std::string> texts,
                          bool end = false) {
        LogBatch batch{kSession, node, {}, end, ""};
        for (auto& text : texts) batch.lines.push_back({1, LogStream::kStdout, text});
        return batch;
    }

    std::vector<LogsCommand> commands(const Outcome& outcome, const std::string& node) {
        std::vector<LogsCommand> found;
        for (const auto& message : outcome.publications) {
            if (message.topic != topics_.logs_command(node)) continue;
            auto command = decode_logs_command(message.payload);
            EXPECT_TRUE(command.ok()) << command.error().message;
            if (command) found.push_back(*command);
        }
        return found;
    }
};

TEST_F(LogHandlersTest, OpeningASessionAsksEveryNodeThatRunsAReplica) {
    Outcome outcome = request(ops::kLogs, {{"service", "web"},
                                           {"session", kSession},
                                           {"tail", 5},
                                           {"since_ms", 1'700'000'000'123},
                                           {"follow", true}});
    ASSERT_TRUE(outcome.response && outcome.response->ok) << outcome.response->error;
    const json& data = outcome.response->data;
    EXPECT_EQ(data["stack"], "demo");
    EXPECT_EQ(data["service"], "web");
    EXPECT_EQ(data["nodes"], json({"nuc-1", "nuc-2"}));
    EXPECT_EQ(data["replicas"].size(), 2u);
    for (const char* node : {"nuc-1", "nuc-2"}) {
        auto sent = commands(outcome, node);
        ASSERT_EQ(sent.size(), 1u) << node;
        EXPECT_EQ(sent[0].op, LogsOp::kStart);
        EXPECT_EQ(sent[0].session, kSession);
        EXPECT_EQ(sent[0].stack, "demo");
        EXPECT_EQ(sent[0].replicas.size(), 1u);
        EXPECT_EQ(sent[0].tail, 5);
        EXPECT_EQ(sent[0].since_s, 1'700'000'000);
        EXPECT_TRUE(sent[0].follow);
        EXPECT_EQ(sent[0].lease_ms, kLogLeaseMs);
    }
}

TEST_F(LogHandlersTest, NodesTheHubDoesNotHearAreNamedAndNotAsked) {
    status("nuc-2", false);  // its will message
    Outcome outcome = request(ops::kLogs, {{"service", "web"}, {"session", kSession}});
    ASSERT_TRUE(outcome.response && outcome.response->ok) << outcome.response->error;
    EXPECT_EQ(outcome.response->data["nodes"], json({"nuc-1"}));
    EXPECT_EQ(outcome.response->data["unreachable"],
              json::parse(R"([{"node":"nuc-2","state":"offline"}])"));
    EXPECT_EQ(commands(outcome, "nuc-1").size(), 1u);
    EXPECT_EQ(commands(outcome, "nuc-2").size(), 0u);
    status("nuc-1", false);
    EXPECT_NE(error(ops::kLogs, {{"service", "web"}, {"session", "another-session"}})
                  .find("is reachable: nuc-1 (offline), nuc-2 (offline)"),
              std::string::npos);
}

TEST_F(LogHandlersTest, BadArgumentsAreRefused) {
    EXPECT_NE(error(ops::kLogs, {{"service", "nope"}, {"session", kSession}}).find("no service"),
              std::string::npos);
    EXPECT_NE(error(ops::kLogs, {{"service", "web"}, {"session", "a/b+#"}}).find("session"),
              std::string::npos);
    EXPECT_NE(error(ops::kLogs, {{"service", "web"}}).find("session"), std::string::npos);
    EXPECT_NE(
        error(ops::kLogs, {{"service", "web"}, {"session", kSession}, {"tail", -5}}).find("tail"),
        std::string::npos);
    EXPECT_NE(error(ops::kLogs, {{"service", "web"}, {"session", kSession}, {"follow", "yes"}})
                  .find("follow"),
              std::string::npos);
    EXPECT_NE(error(ops::kLogsRenew, {{"session", kSession}}).find("no open log session"),
              std::string::npos);
}

TEST_F(LogHandlersTest, BatchesAreRelayedToTheSessionWithTheTopicsNode) {
    ok(ops::kLogs, {{"service", "demo/web"}, {"session", kSession}});
    Outcome outcome = batch_from("nuc-1", lines("nuc-1", {"hello", "world"}));
    ASSERT_EQ(outcome.publications.size(), 1u);
    EXPECT_EQ(outcome.publications[0].topic, "edgeorch/clients/abcdef0123456789/logs");
    auto relayed = decode_log_batch(outcome.publications[0].payload);
    ASSERT_TRUE(relayed.ok());
    EXPECT_EQ(relayed->node, "nuc-1");
    EXPECT_EQ(relayed->lines.size(), 2u);
    EXPECT_EQ(relayed->lines[1].text, "world");
}

TEST_F(LogHandlersTest, RenewAndStopReachTheNodesAndStopClosesTheSession) {
    ok(ops::kLogs, {{"service", "web"}, {"session", kSession}, {"follow", true}});
    // nuc-2's stream ended: renewals go only to nuc-1, but a stop goes to both.
    batch_from("nuc-2", lines("nuc-2", {}, true));
    Outcome renewed = request(ops::kLogsRenew, {{"session", kSession}});
    ASSERT_TRUE(renewed.response->ok);
    EXPECT_EQ(commands(renewed, "nuc-1").size(), 1u);
    EXPECT_EQ(commands(renewed, "nuc-2").size(), 0u);

    Outcome stopped = request(ops::kLogsStop, {{"session", kSession}});
    ASSERT_TRUE(stopped.response->ok);
    ASSERT_EQ(commands(stopped, "nuc-1").size(), 1u);
    EXPECT_EQ(commands(stopped, "nuc-1")[0].op, LogsOp::kStop);
    EXPECT_EQ(commands(stopped, "nuc-2").size(), 1u);
    // Stragglers of a stopped session are dropped quietly, not relayed and not rejected.
    Outcome late = batch_from("nuc-1", lines("nuc-1", {"late"}));
    EXPECT_TRUE(late.publications.empty());
    EXPECT_TRUE(late.events.empty());
    EXPECT_FALSE(request(ops::kLogsRenew, {{"session", kSession}}).response->ok);
    // Stopping again is fine.
    EXPECT_TRUE(request(ops::kLogsStop, {{"session", kSession}}).response->ok);
}

TEST_F(LogHandlersTest, ASessionNobodyRenewsExpiresAndItsNodesAreStopped) {
    ok(ops::kLogs, {{"service", "web"}, {"session", kSession}, {"follow", true}});
    Outcome early = tick(kLogLeaseMs / 2);
    EXPECT_TRUE(early.publications.empty());
    ok(ops::kLogsRenew, {{"session", kSession}});
    EXPECT_TRUE(tick(kLogLeaseMs - 1000).publications.empty());
    Outcome expired = tick(2000);
    EXPECT_EQ(commands(expired, "nuc-1").size(), 1u);
    EXPECT_EQ(commands(expired, "nuc-1")[0].op, LogsOp::kStop);
    EXPECT_FALSE(request(ops::kLogsRenew, {{"session", kSession}}).response->ok);
}

TEST_F(LogHandlersTest, MalformedOrUnauthorizedBatchesAreRejectedAsEvents) {
    ok(ops::kLogs, {{"service", "web"}, {"session", kSession}});
    auto send_raw = [&](const std::string& node, const std::string& payload) {
        return core_->handle_message(topics_.node_log(node), payload, false, now_++);
    };
    EXPECT_TRUE(send_raw("nuc-1", "not json").publications.empty());
    EXPECT_TRUE(send_raw("nuc-1", R"({"v":1,"session":"x","node":"nuc-1","lines":[]})")
                    .publications.empty());
    // A node may not speak for another, nor answer a session that did not ask it.
    EXPECT_TRUE(batch_from("nuc-1", lines("nuc-2", {"spoof"})).publications.empty());
    status("nuc-3", true);
    EXPECT_TRUE(batch_from("nuc-3", lines("nuc-3", {"intruder"})).publications.empty());
    LogBatch unknown = lines("nuc-1", {"who"});
    unknown.session = "0000000000000000";
    EXPECT_TRUE(batch_from("nuc-1", unknown).publications.empty());
    LogBatch huge = lines("nuc-1", {});
    for (size_t i = 0; i <= kMaxLogBatchLines; ++i)
        huge.lines.push_back({1, LogStream::kStdout, "x"});
    EXPECT_TRUE(batch_from("nuc-1", huge).publications.empty());

    std::vector<Event> rejected = stored_events("rejected");
    ASSERT_EQ(rejected.size(), 6u);
    EXPECT_EQ(rejected[0].subject, "edgeorch/nodes/nuc-1/log");
    EXPECT_NE(rejected[2].message.find("names node \"nuc-2\""), std::string::npos);
    EXPECT_NE(rejected[3].message.find("did not ask node nuc-3"), std::string::npos);
    EXPECT_NE(rejected[4].message.find("no open log session"), std::string::npos);
    EXPECT_NE(rejected[5].message.find("at most 100 lines"), std::string::npos);
}

TEST(LogSessionsTest, TheTableIsBoundedAndIdsAreNotReused) {
    LogSessions sessions;
    for (size_t i = 0; i < LogSessions::kMaxSessions; ++i) {
        LogSession session;
        session.id = "session-" + std::to_string(i);
        session.lease_ms = 1000;
        ASSERT_TRUE(sessions.open(session, 0).ok());
    }
    LogSession extra;
    extra.id = "session-extra";
    extra.lease_ms = 1000;
    EXPECT_FALSE(sessions.open(extra, 0).ok());
    EXPECT_FALSE(sessions.open({"session-0", "", {}, {}, false, 1000, 0}, 0).ok());
    // Expired sessions make room; their ids stay taken for a while.
    EXPECT_EQ(sessions.expire(1000).size(), LogSessions::kMaxSessions);
    EXPECT_TRUE(sessions.open(extra, 1000).ok());
    EXPECT_TRUE(sessions.recently_closed("session-3", 2000));
    EXPECT_FALSE(sessions.open({"session-3", "", {}, {}, false, 1000, 0}, 2000).ok());
    EXPECT_FALSE(sessions.recently_closed("session-3", 1000 + LogSessions::kRememberClosedMs));
}

}  // namespace
}  // namespace edge::testing
