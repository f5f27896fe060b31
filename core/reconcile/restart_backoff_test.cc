#include "core/reconcile/restart_backoff.h"

#include <gtest/gtest.h>

#include <random>

namespace edge {
namespace {

TEST(RestartBackoff, FirstRestartIsImmediate) {
    RestartBackoff backoff;
    EXPECT_EQ(backoff.next_start_ms("c1", 5'000), 5'000);
    EXPECT_EQ(backoff.quick_restarts("c1"), 0);
}

TEST(RestartBackoff, QuickExitsDoubleTheWaitUpToTheCap) {
    RestartBackoff backoff;
    int64_t now = 1'000'000;
    backoff.note_start("c1", now);  // the first start after an exit: immediate
    std::vector<int64_t> waits;
    for (int i = 0; i < 12; ++i) {
        now += 50;  // it exits 50 ms after each start
        int64_t due = backoff.next_start_ms("c1", now);
        waits.push_back(due - now);
        backoff.note_start("c1", now);
    }
    std::vector<int64_t> expected = {100,   200,    400,    800,    1'600,  3'200,
                                     6'400, 12'800, 25'600, 30'000, 30'000, 30'000};
    EXPECT_EQ(waits, expected);
    EXPECT_EQ(backoff.quick_restarts("c1"), 12);
}

TEST(RestartBackoff, AStableRunStartsANewRun) {
    RestartBackoff backoff;
    backoff.note_start("c1", 0);
    EXPECT_EQ(backoff.next_start_ms("c1", 10), 110);
    backoff.note_start("c1", 110);
    EXPECT_EQ(backoff.next_start_ms("c1", 120), 320);
    backoff.note_start("c1", 320);
    EXPECT_EQ(backoff.quick_restarts("c1"), 2);
    // It ran ten seconds before it exited: the next start is immediate, and a new run.
    int64_t exited = 320 + RestartBackoff::kStableRunMs;
    EXPECT_EQ(backoff.next_start_ms("c1", exited), exited);
    backoff.note_start("c1", exited);
    EXPECT_EQ(backoff.quick_restarts("c1"), 0);
    EXPECT_EQ(backoff.next_start_ms("c1", exited + 5), exited + 5 + 100);
}

TEST(RestartBackoff, ContainersAreIndependentAndForgotten) {
    RestartBackoff backoff;
    backoff.note_start("a", 0);
    backoff.next_start_ms("a", 5);
    backoff.note_start("a", 10);
    EXPECT_GT(backoff.next_start_ms("a", 20), 20);
    EXPECT_EQ(backoff.next_start_ms("b", 20), 20);
    backoff.forget_all_but({"b"});
    EXPECT_EQ(backoff.next_start_ms("a", 20), 20);
    EXPECT_EQ(backoff.quick_restarts("a"), 0);
}

// Property: whatever the exit times, a start never waits longer than the cap, never waits
// after a run of ten seconds, and otherwise waits exactly what its run of quick exits asks.
TEST(RestartBackoff, PropertyWaitsStayWithinTheirBounds) {
    std::mt19937_64 random(20261205);
    for (int trial = 0; trial < 200; ++trial) {
        RestartBackoff backoff;
        int64_t now = static_cast<int64_t>(random() % 1'000'000);
        int64_t last_start = -1;
        for (int step = 0; step < 40; ++step) {
            now += static_cast<int64_t>(random() % 15'000);  // when it exited
            int quick_before = backoff.quick_restarts("c");
            int64_t due = backoff.next_start_ms("c", now);
            ASSERT_GE(due, now);
            ASSERT_LE(due - now, RestartBackoff::kMaxDelayMs);
            if (last_start < 0 || now - last_start >= RestartBackoff::kStableRunMs) {
                ASSERT_EQ(due, now);
            } else {
                ASSERT_EQ(due - now, RestartBackoff::delay_after(quick_before + 1));
            }
            backoff.note_start("c", due);
            last_start = due;
            now = due;
        }
    }
}

TEST(RestartBackoff, DelayAfterIsCappedForHugeCounts) {
    EXPECT_EQ(RestartBackoff::delay_after(0), 0);
    EXPECT_EQ(RestartBackoff::delay_after(1), 100);
    EXPECT_EQ(RestartBackoff::delay_after(1'000'000), RestartBackoff::kMaxDelayMs);
}

}  // namespace
}  // namespace edge
