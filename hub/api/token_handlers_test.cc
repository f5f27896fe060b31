// API tokens on the hub: made and listed over MQTT or by the edgectl identity over HTTP, checked
// for every HTTP API request (an unknown token gets 401, a read-only one 403 for a change),
// stored only as a hash, and each change made with one recorded as an event naming it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hub/hub_core_fixture.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using ApiTokensTest = testing::HubCoreTest;

ApiPrincipal as(const std::string& token) {
    return ApiPrincipal::with_token(token);
}

TEST_F(ApiTokensTest, TokensAreCheckedAndWhatTheyDoIsRecorded) {
    status("nuc-1", true);
    json full = ok(ops::kTokenCreate, {{"name", "automation"}});
    json reader = ok(ops::kTokenCreate, {{"name", "dashboard"}, {"read_only", true}});
    const std::string token = full["token"];
    EXPECT_EQ(token.rfind("edge_", 0), 0u);
    EXPECT_EQ(token.size(), 5u + 64u);
    EXPECT_NE(error(ops::kTokenCreate, {{"name", "automation"}}).find("exists"), std::string::npos);

    json listed = ok(ops::kTokenList);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0]["name"], "automation");
    EXPECT_EQ(listed[1]["read_only"], true);
    EXPECT_FALSE(listed[0].contains("token"));

    ApiReply unknown = core_->handle_api_request(as("edge_" + std::string(64, '0')),
                                                 {ops::kNodeList, json::object()}, now_++);
    EXPECT_EQ(unknown.status, 401);
    ApiReply read = core_->handle_api_request(as(reader["token"]), {ops::kNodeList, {}}, now_++);
    EXPECT_EQ(read.status, 200);
    EXPECT_EQ(read.outcome.response->data.size(), 1u);
    ApiReply forbidden = core_->handle_api_request(as(reader["token"]),
                                                   {ops::kNodeDrain, {{"node", "nuc-1"}}}, now_++);
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.outcome.response->error,
              "token dashboard is read-only and may not call \"node.drain\"");
    EXPECT_FALSE(core_->state().nodes.at("nuc-1").drained);
    // Tokens cannot make tokens.
    EXPECT_EQ(
        core_->handle_api_request(as(token), {ops::kTokenCreate, {{"name", "x"}}}, now_++).status,
        403);

    ApiReply drained =
        core_->handle_api_request(as(token), {ops::kNodeDrain, {{"node", "nuc-1"}}}, now_++);
    EXPECT_EQ(drained.status, 200);
    EXPECT_TRUE(core_->state().nodes.at("nuc-1").drained);
    auto api_events = stored_events("api");
    ASSERT_EQ(api_events.size(), 1u);
    EXPECT_EQ(api_events[0].subject, "token automation");
    EXPECT_EQ(api_events[0].message, "node.drain nuc-1");
    // A refused request is a 400 with the handler's own words.
    ApiReply bad =
        core_->handle_api_request(as(token), {ops::kNodeDrain, {{"node", "nope"}}}, now_++);
    EXPECT_EQ(bad.status, 400);

    // The database holds the token's hash only.
    std::ifstream file(dir_.file("hub.db"), std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    EXPECT_EQ(bytes.str().find(token), std::string::npos);

    ok(ops::kTokenRemove, {{"name", "automation"}});
    EXPECT_EQ(core_->handle_api_request(as(token), {ops::kNodeList, {}}, now_++).status, 401);
    EXPECT_NE(error(ops::kTokenRemove, {{"name", "automation"}}).find("no token named"),
              std::string::npos);
}

TEST_F(ApiTokensTest, TheIdentityManagesTokensOverHttpAndReadOnlyTokensMayFollowLogs) {
    status("nuc-1", true);
    const ApiPrincipal identity = ApiPrincipal::with_identity("edgectl");
    ApiReply created = core_->handle_api_request(
        identity, {ops::kTokenCreate, {{"name", "wall"}, {"read_only", true}}}, now_++);
    ASSERT_EQ(created.status, 200) << created.outcome.response->error;
    const std::string reader = created.outcome.response->data["token"];
    auto api_events = stored_events("api");
    ASSERT_EQ(api_events.size(), 1u);
    EXPECT_EQ(api_events[0].subject, "user edgectl");
    EXPECT_EQ(api_events[0].message, "token.create wall");
    // The read-only token may not make one, but may open (and end) a log session: it reads.
    ApiReply refused = core_->handle_api_request(as(reader), {ops::kTokenList, {}}, now_++);
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.outcome.response->error.find("log in with the edgectl password"),
              std::string::npos);
    ApiReply stopped = core_->handle_api_request(
        as(reader), {ops::kLogsStop, {{"session", "http-00000000"}}}, now_++);
    EXPECT_EQ(stopped.status, 200) << stopped.outcome.response->error;
    ApiReply listed = core_->handle_api_request(identity, {ops::kTokenList, {}}, now_++);
    ASSERT_EQ(listed.outcome.response->data.size(), 1u);
    EXPECT_EQ(
        core_->handle_api_request(identity, {ops::kTokenRemove, {{"name", "wall"}}}, now_++).status,
        200);
    EXPECT_EQ(core_->handle_api_request(as(reader), {ops::kNodeList, {}}, now_++).status, 401);
}

TEST_F(ApiTokensTest, OnlyTheIdentityAddsNodesAndEachAddIsRecorded) {
    const std::string token = ok(ops::kTokenCreate, {{"name", "automation"}})["token"];
    ApiReply refused =
        core_->handle_api_request(as(token), {"node.add", {{"node", "pi-9"}}}, now_++);
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.outcome.response->error.find("only the edgectl identity"), std::string::npos);
    const ApiPrincipal identity = ApiPrincipal::with_identity("edgectl");
    EXPECT_EQ(
        core_->handle_api_request(identity, {"node.add", {{"node", "no way"}}}, now_++).status,
        400);
    ApiReply added = core_->handle_api_request(identity, {"node.add", {{"node", "pi-9"}}}, now_++);
    ASSERT_EQ(added.status, 200) << added.outcome.response->error;
    EXPECT_TRUE(core_->state().nodes.empty());  // the node exists once it joins
    auto api_events = stored_events("api");
    ASSERT_EQ(api_events.size(), 1u);
    EXPECT_EQ(api_events[0].subject, "user edgectl");
    EXPECT_EQ(api_events[0].message, "node.add pi-9");
}

TEST_F(ApiTokensTest, AnEnvironmentIdentityCannotManageTokens) {
    Outcome outcome =
        core_->handle_message(topics_.environment_requests("default"),
                              encode_request({ops::kTokenCreate, {{"name", "x"}}}), true, now_++);
    ASSERT_TRUE(outcome.response.has_value());
    EXPECT_FALSE(outcome.response->ok);
    EXPECT_TRUE(ok(ops::kTokenList).empty());
}

}  // namespace
}  // namespace edge
