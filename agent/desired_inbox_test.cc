#include "agent/desired_inbox.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(DesiredInbox, KeepsTheNewestSetsUpToTheLimit) {
    std::deque<DesiredMessage> inbox;
    for (int i = 1; i <= 5; ++i) queue_desired(inbox, {"set " + std::to_string(i), 0}, 3);
    ASSERT_EQ(inbox.size(), 3u);
    EXPECT_EQ(inbox.front().payload, "set 3");
    EXPECT_EQ(inbox.back().payload, "set 5");
}

TEST(DesiredInbox, ARetainedArrivalSurvivesItsSetBeingDropped) {
    std::deque<DesiredMessage> inbox;
    queue_desired(inbox, {"retained", 1000}, 2);
    queue_desired(inbox, {"live 1", 0}, 2);
    queue_desired(inbox, {"live 2", 0}, 2);
    ASSERT_EQ(inbox.size(), 2u);
    EXPECT_EQ(inbox.front().payload, "live 1");
    EXPECT_EQ(inbox.front().retained_at_ms, 1000);
    EXPECT_EQ(inbox.back().retained_at_ms, 0);
}

TEST(DesiredInbox, AFloodHoldsOnlyTheLimit) {
    std::deque<DesiredMessage> inbox;
    for (int i = 0; i < 10000; ++i) queue_desired(inbox, {std::string(100, 'x'), 0});
    EXPECT_EQ(inbox.size(), kMaxQueuedDesiredSets);
}

}  // namespace
}  // namespace edge
