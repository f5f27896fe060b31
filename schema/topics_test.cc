#include "schema/topics.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(Topics, BuildsTheTreeUnderThePrefix) {
    Topics topics("lab");
    EXPECT_EQ(topics.desired("pi-1"), "lab/nodes/pi-1/desired");
    EXPECT_EQ(topics.status("pi-1"), "lab/nodes/pi-1/status");
    EXPECT_EQ(topics.report("pi-1"), "lab/nodes/pi-1/report");
    EXPECT_EQ(topics.all_status(), "lab/nodes/+/status");
    EXPECT_EQ(topics.requests(), "lab/hub/requests");
    EXPECT_EQ(topics.response("c1"), "lab/clients/c1/response");
    EXPECT_EQ(topics.events(), "lab/events");
}

TEST(Topics, EnvironmentRequestTopicsNameTheirEnvironment) {
    Topics topics("lab");
    EXPECT_EQ(topics.environment_requests("preprod"), "lab/hub/env/preprod/requests");
    EXPECT_EQ(topics.all_environment_requests(), "lab/hub/env/+/requests");
    EXPECT_EQ(topics.environment_of_requests("lab/hub/env/preprod/requests"), "preprod");
    EXPECT_EQ(topics.environment_of_requests("lab/hub/requests"), "");
    EXPECT_EQ(topics.environment_of_requests("lab/hub/env//requests"), "");
    EXPECT_EQ(topics.environment_of_requests("lab/hub/env/a/b/requests"), "");
    EXPECT_EQ(topics.environment_of_requests("other/hub/env/preprod/requests"), "");
    EXPECT_EQ(topics.scoped_response("env:preprod:ci", "c1"),
              "lab/clients/env:preprod:ci/c1/response");
}

TEST(Topics, LogRelayTopicsNameTheirSession) {
    Topics topics("lab");
    EXPECT_EQ(topics.session_of_logs_relay(topics.logs_relay("http-0a1b2c3d")), "http-0a1b2c3d");
    EXPECT_EQ(topics.session_of_logs_relay("lab/clients/c1/response"), "");
    EXPECT_EQ(topics.session_of_logs_relay("lab/clients/a/b/logs"), "");
    EXPECT_EQ(topics.session_of_logs_relay("other/clients/s1234567/logs"), "");
}

TEST(Topics, ParsesNodeTopicsAndRejectsOthers) {
    Topics topics;
    auto status = topics.parse_node_topic("edgeorch/nodes/pi-2/status");
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->node, "pi-2");
    EXPECT_EQ(status->kind, NodeTopicKind::kStatus);
    EXPECT_EQ(topics.parse_node_topic("edgeorch/nodes/pi-2/report")->kind, NodeTopicKind::kReport);
    EXPECT_FALSE(topics.parse_node_topic("edgeorch/nodes//status").has_value());
    EXPECT_FALSE(topics.parse_node_topic("edgeorch/nodes/pi-2/other").has_value());
    EXPECT_FALSE(topics.parse_node_topic("other/nodes/pi-2/status").has_value());
    EXPECT_FALSE(topics.parse_node_topic("edgeorch/nodes/pi-2/status/x").has_value());
}

// Any topic under a node's own level names that node (the hub's queue takes turns by it).
TEST(Topics, AnyNodeTopicNamesItsNode) {
    Topics topics;
    EXPECT_EQ(topics.node_of_any("edgeorch/nodes/pi-2/job-output"), "pi-2");
    EXPECT_EQ(topics.node_of_any("edgeorch/nodes/pi-2/status/x"), "pi-2");
    EXPECT_EQ(topics.node_of_any("edgeorch/nodes//status"), "");
    EXPECT_EQ(topics.node_of_any("edgeorch/nodes/pi-2"), "");
    EXPECT_EQ(topics.node_of_any("edgeorch/hub/requests"), "");
    EXPECT_EQ(topics.node_of_any("other/nodes/pi-2/status"), "");
}

TEST(Topics, LogTopicsNameTheNodeAndTheSession) {
    Topics topics("home");
    EXPECT_EQ(topics.logs_command("pi1"), "home/nodes/pi1/logs");
    EXPECT_EQ(topics.node_log("pi1"), "home/nodes/pi1/log");
    EXPECT_EQ(topics.all_node_logs(), "home/nodes/+/log");
    EXPECT_EQ(topics.logs_relay("abcdef0123456789"), "home/clients/abcdef0123456789/logs");
    EXPECT_EQ(topics.node_of_log("home/nodes/pi1/log"), "pi1");
    EXPECT_EQ(topics.node_of_log("home/nodes/pi1/logs"), "");
    EXPECT_EQ(topics.node_of_log("home/nodes//log"), "");
    EXPECT_EQ(topics.node_of_log("home/nodes/a/b/log"), "");
    EXPECT_EQ(topics.node_of_log("other/nodes/pi1/log"), "");
    // A log topic is not a status or report topic.
    EXPECT_FALSE(topics.parse_node_topic("home/nodes/pi1/log").has_value());
}

}  // namespace
}  // namespace edge
