// The node state machine: ready -> unreachable -> down -> ready, with time passed in.
#include "core/nodes/node_liveness.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

const LivenessConfig kConfig{3000, 4000};

LivenessInput ready_node(int64_t last_heard) {
    LivenessInput input;
    input.state = NodeState::kReady;
    input.last_heard_ms = last_heard;
    input.last_heartbeat_ms = last_heard;
    input.acknowledged_generation = true;
    return input;
}

LivenessInput node_in(NodeState state, int64_t since) {
    LivenessInput input = ready_node(since - 1);
    input.state = state;
    input.state_since_ms = since;
    return input;
}

TEST(NodeLivenessTest, ReadyNodeWithFreshHeartbeatsStaysReady) {
    EXPECT_FALSE(next_node_state(ready_node(1000), 3999, kConfig));
}

TEST(NodeLivenessTest, MissedHeartbeatsMakeANodeUnreachable) {
    auto transition = next_node_state(ready_node(1000), 4000, kConfig);
    ASSERT_TRUE(transition);
    EXPECT_EQ(transition->to, NodeState::kUnreachable);
    EXPECT_EQ(transition->why, "no heartbeat for 3.0s");
}

TEST(NodeLivenessTest, TheWillMessageMakesANodeUnreachableAtOnce) {
    LivenessInput input = ready_node(1000);
    input.online = false;
    auto transition = next_node_state(input, 1001, kConfig);
    ASSERT_TRUE(transition);
    EXPECT_EQ(transition->to, NodeState::kUnreachable);
}

TEST(NodeLivenessTest, UnreachableBecomesDownAfterTheGracePeriod) {
    LivenessInput input = node_in(NodeState::kUnreachable, 5000);
    EXPECT_FALSE(next_node_state(input, 8999, kConfig));
    auto transition = next_node_state(input, 9000, kConfig);
    ASSERT_TRUE(transition);
    EXPECT_EQ(transition->to, NodeState::kDown);
    // Down is final until the node comes back.
    EXPECT_FALSE(next_node_state(node_in(NodeState::kDown, 9000), 1'000'000, kConfig));
}

TEST(NodeLivenessTest, ANodeIsBackOnlyOnceItAcknowledgesItsNewestSet) {
    for (NodeState state : {NodeState::kUnreachable, NodeState::kDown}) {
        SCOPED_TRACE(to_string(state));
        LivenessInput input = node_in(state, 5000);
        input.last_heartbeat_ms = 6000;
        input.last_heard_ms = 6000;
        // Fencing: the heartbeat still shows the old generation, so its stale copies may run.
        input.acknowledged_generation = false;
        auto waiting = next_node_state(input, 6001, kConfig);
        EXPECT_TRUE(!waiting || waiting->to == NodeState::kDown);
        input.acknowledged_generation = true;
        auto back = next_node_state(input, 6001, kConfig);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->to, NodeState::kReady);
    }
}

TEST(NodeLivenessTest, AHeartbeatFromBeforeTheNodeLeftDoesNotBringItBack) {
    LivenessInput input = node_in(NodeState::kDown, 5000);
    input.last_heartbeat_ms = 4000;
    EXPECT_FALSE(next_node_state(input, 6000, kConfig));
}

TEST(NodeLivenessTest, ANodeWhoseStatusSaysOfflineIsNotBack) {
    LivenessInput input = node_in(NodeState::kUnreachable, 5000);
    input.online = false;
    input.last_heartbeat_ms = 6000;
    EXPECT_FALSE(next_node_state(input, 6001, kConfig));
}

TEST(NodeLivenessTest, StateNamesRoundTrip) {
    for (NodeState state : {NodeState::kReady, NodeState::kUnreachable, NodeState::kDown}) {
        EXPECT_EQ(node_state_from(to_string(state)), state);
    }
    EXPECT_FALSE(node_state_from("gone"));
}

}  // namespace
}  // namespace edge
