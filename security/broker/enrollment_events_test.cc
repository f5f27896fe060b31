// Node enrollment beside the real edge-hub, on a Mosquitto configured as `edge-hub init` ships
// it: a join token issued, the node's join and its revocation are events in the hub's log, as
// edge-hub's main wires them, and an answered request's event is stored before the answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bus/request_client.h"
#include "schema/requests.h"
#include "security/broker/hub_on_broker_fixture.h"
#include "security/join_client.h"
#include "security/join_messages.h"
#include "security/testing/secured_broker.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

TEST(EnrollmentEventsTest, TokensJoinsAndRevocationsAreInTheEventLog) {
    testing::SecuredBroker broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto or its dynamic-security plugin missing";
    ASSERT_TRUE(broker.start());
    testing::TempDir dir;
    Topics topics;
    AccessTopics access;

    auto hub = Hub::create(testing::hub_options_on(broker, dir));
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    ASSERT_TRUE((*hub)->start().ok());
    // As edge-hub's main wires them.
    auto enrollment = testing::connected_enrollment(
        broker, "events-enrollment",
        [&hub](Event event) { EXPECT_TRUE((*hub)->record_event(std::move(event), 10s).ok()); });
    ASSERT_TRUE(enrollment);

    auto edgectl =
        RequestClient::connect(broker.url(), topics, 5s, kAdminUsername, broker.admin_password());
    ASSERT_TRUE(edgectl.ok()) << edgectl.error().message;
    // The messages of the node events about pi1, oldest first.
    auto pi1_events = [&] {
        std::vector<std::string> messages;
        auto answer = (*edgectl)->call({ops::kEvents, {{"limit", 100}}}, 10s);
        EXPECT_TRUE(answer.ok() && answer->ok);
        if (!answer.ok()) return messages;
        for (const auto& event : answer->data) {
            if (event["kind"] == "node" && event["subject"] == "pi1") {
                messages.push_back(event["message"].get<std::string>());
            }
        }
        if (!messages.empty() && answer->data.front()["id"] > answer->data.back()["id"]) {
            std::reverse(messages.begin(), messages.end());
        }
        return messages;
    };

    auto token =
        (*edgectl)->call({credential_ops::kNodeAdd, {{"node", "pi1"}}}, 10s, access.credentials());
    ASSERT_TRUE(token.ok() && token->ok);
    // Stored before edgectl had its answer: no waiting here.
    EXPECT_EQ(pi1_events(), std::vector<std::string>{"join token issued (node add)"});

    auto joined =
        join_cluster(broker.join_options("pi1", token->data.value("token", std::string()),
                                         token->data.value("ca_fingerprint", std::string())));
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    // The join's event follows its answer to the node (the join identity is retired after it).
    std::vector<std::string> after_join;
    for (int i = 0; i < 100 && after_join.size() < 2; ++i) {
        std::this_thread::sleep_for(100ms);
        after_join = pi1_events();
    }
    ASSERT_EQ(after_join.size(), 2u);
    EXPECT_EQ(after_join[1], "joined with its own broker identity " + joined->credentials.username);

    auto revoked = (*edgectl)->call({credential_ops::kNodeRevoke, {{"node", "pi1"}}}, 10s,
                                    access.credentials());
    ASSERT_TRUE(revoked.ok() && revoked->ok);
    auto after_revoke = pi1_events();
    ASSERT_EQ(after_revoke.size(), 3u);
    EXPECT_EQ(after_revoke[2], "broker identity and certificates revoked (node revoke)");

    enrollment->stop();
    (*hub)->stop();
}

}  // namespace
}  // namespace edge
