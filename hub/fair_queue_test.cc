#include "hub/fair_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edge {
namespace {

std::vector<std::string> drain(FairQueue<std::string>& queue) {
    std::vector<std::string> order;
    while (auto item = queue.pop()) order.push_back(*item);
    return order;
}

TEST(FairQueueTest, WithoutABacklogItemsComeOutInArrivalOrder) {
    FairQueue<std::string> queue(100, 1000000);
    queue.push("pi1", "pi1 status", 1);
    queue.push("pi2", "pi2 report", 1);
    queue.push("requests", "deploy", 1);
    queue.push("pi3", "pi3 report", 1);
    EXPECT_EQ(drain(queue),
              (std::vector<std::string>{"pi1 status", "pi2 report", "deploy", "pi3 report"}));
}

TEST(FairQueueTest, OneLanesOrderIsKept) {
    FairQueue<std::string> queue(100, 1000000);
    for (int i = 0; i < 5; ++i) queue.push("pi1", std::to_string(i), 1);
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
}

TEST(FairQueueTest, ANewcomerDoesNotWaitBehindAnotherLanesBacklog) {
    FairQueue<std::string> queue(10000, 1000000);
    for (int i = 0; i < 5000; ++i) queue.push("pi1", "flood", 1);
    for (int i = 0; i < 10; ++i) queue.pop();
    queue.push("requests", "node ls", 1);
    // The request is served next: the backlog's remaining items all start later.
    EXPECT_EQ(queue.pop(), "node ls");
    EXPECT_EQ(queue.size(), 4990u);
}

TEST(FairQueueTest, BackloggedLanesTakeTurns) {
    FairQueue<std::string> queue(100, 1000000);
    for (int i = 0; i < 3; ++i) queue.push("pi1", "a" + std::to_string(i), 1);
    for (int i = 0; i < 3; ++i) queue.push("pi2", "b" + std::to_string(i), 1);
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"a0", "b0", "a1", "b1", "a2", "b2"}));
}

TEST(FairQueueTest, ALaneHoldsOnlyItsShareOfItems) {
    FairQueue<std::string> queue(3, 1000000);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(queue.push("pi1", "x", 1));
    std::string refused = "refused";
    EXPECT_FALSE(queue.push("pi1", std::move(refused), 1));
    EXPECT_EQ(refused, "refused");  // not taken
    EXPECT_TRUE(queue.push("requests", "deploy", 1));
    EXPECT_EQ(queue.queued("pi1"), 3u);
    EXPECT_EQ(queue.size(), 4u);
    queue.pop();
    EXPECT_TRUE(queue.push("pi1", "x", 1));
}

TEST(FairQueueTest, ALaneHoldsOnlyItsShareOfBytes) {
    FairQueue<std::string> queue(100, 10);
    EXPECT_TRUE(queue.push("pi1", "big", 6));
    EXPECT_FALSE(queue.push("pi1", "big", 6));
    EXPECT_TRUE(queue.push("pi1", "small", 4));
    EXPECT_FALSE(queue.push("pi1", "tiny", 1));
    EXPECT_TRUE(queue.push("requests", "deploy", 10));
    EXPECT_EQ(queue.pop(), "big");
    EXPECT_TRUE(queue.push("pi1", "big", 6));
}

TEST(FairQueueTest, ALaneThatEmptiedKeepsItsPlaceInTheTurns) {
    FairQueue<std::string> queue(100, 1000000);
    for (int i = 0; i < 4; ++i) queue.push("pi1", "p" + std::to_string(i), 1);
    EXPECT_EQ(queue.pop(), "p0");
    queue.push("pi2", "q0", 1);  // a newcomer starts at the virtual time: ahead of p1..p3
    EXPECT_EQ(queue.pop(), "q0");
    EXPECT_EQ(queue.queued("pi2"), 0u);
    // pi2 sends again at once: it had its turn, so pi1's next item comes first. Were pi2 a
    // newcomer again, a sender with one item at a time would be served before any backlog.
    queue.push("pi2", "q1", 1);
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"p1", "q1", "p2", "p3"}));
}

TEST(FairQueueTest, ManyOneTimeSendersAreServedInArrivalOrder) {
    // Far more lanes than the queue keeps idle ones for: forgetting them changes no order.
    FairQueue<std::string> queue(100, 1000000);
    std::vector<std::string> sent;
    std::vector<std::string> served;
    for (int i = 0; i < 5000; ++i) {
        sent.push_back("node-" + std::to_string(i));
        queue.push(sent.back(), std::string(sent.back()), 1);
        if (i % 2 == 1) served.push_back(*queue.pop());
    }
    for (auto& rest : drain(queue)) served.push_back(rest);
    EXPECT_EQ(served, sent);
}

}  // namespace
}  // namespace edge
