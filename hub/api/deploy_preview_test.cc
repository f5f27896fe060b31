#include "hub/api/deploy_preview.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ClusterState state_with(const std::string& stack, int placed, int pending) {
    ClusterState state;
    for (int i = 0; i < placed + pending; ++i) {
        ReplicaRecord replica{{stack, "web", i},
                              i < placed ? "node-" + std::to_string(i) : "",
                              i < placed ? "" : "no node has 64 MiB free"};
        state.replicas.push_back(replica);
    }
    state.replicas.push_back({{"other", "web", 0}, "node-0", ""});
    return state;
}

TEST(StackReplicasAnswer, ASmallStackListsEveryReplicaInOrder) {
    ObservedState observed;
    auto answer = stack_replicas_answer(state_with("shop", 3, 1), observed, "shop");
    EXPECT_EQ(answer["replica_count"], 4);
    EXPECT_EQ(answer["pending_count"], 1);
    ASSERT_EQ(answer["replicas"].size(), 4u);
    EXPECT_EQ(answer["replicas"][0]["replica"], 0);
    EXPECT_EQ(answer["replicas"][3]["node"], "");
}

// A global service on a thousand nodes must not make an answer over the broker's 4 MiB limit.
TEST(StackReplicasAnswer, ALargeStackListsItsPendingReplicasFirstUpToTheLimit) {
    ObservedState observed;
    auto answer = stack_replicas_answer(state_with("big", 2000, 7), observed, "big");
    EXPECT_EQ(answer["replica_count"], 2007);
    EXPECT_EQ(answer["pending_count"], 7);
    ASSERT_EQ(answer["replicas"].size(), kMaxListedReplicas);
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(answer["replicas"][i]["node"], "") << i;
        EXPECT_EQ(answer["replicas"][i]["reason"], "no node has 64 MiB free");
    }
    EXPECT_EQ(answer["replicas"][7]["node"], "node-0");
    EXPECT_LT(answer.dump().size(), 1u << 20);
}

}  // namespace
}  // namespace edge
