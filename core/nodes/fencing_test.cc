#include "core/nodes/fencing.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

constexpr int64_t kStart = 1'000'000;

FenceConfig config() {
    return {.stale_after_ms = 3000, .boot_wait_ms = 10000, .pass_interval_ms = 2000};
}

// A fence that has heard the broker's set once and runs fresh, with contact every second up to
// `until_ms`; returns the time of the last contact.
int64_t run_fresh(Fence& fence, int64_t until_ms) {
    int64_t now = kStart + 500;
    EXPECT_EQ(fence.decide({.now_ms = now, .last_contact_ms = now, .last_desired_ms = now}).verdict,
              FenceVerdict::kFresh);
    for (now += 1000; now <= until_ms; now += 1000) {
        EXPECT_EQ(
            fence.decide({.now_ms = now, .last_contact_ms = now, .last_desired_ms = kStart + 500})
                .verdict,
            FenceVerdict::kFresh);
    }
    return now - 1000;
}

TEST(FenceTest, StartsHoldingUntilTheBrokerSendsTheSet) {
    Fence fence(config(), kStart);
    FenceDecision first = fence.decide({.now_ms = kStart});
    EXPECT_EQ(first.verdict, FenceVerdict::kHold);
    EXPECT_FALSE(first.refresh);  // the first subscription brings the retained set anyway
    // Connected, but the set has not come yet.
    EXPECT_EQ(fence.decide({.now_ms = kStart + 300, .last_contact_ms = kStart + 200}).verdict,
              FenceVerdict::kHold);
    FenceDecision fresh = fence.decide(
        {.now_ms = kStart + 400, .last_contact_ms = kStart + 350, .last_desired_ms = kStart + 350});
    EXPECT_EQ(fresh.verdict, FenceVerdict::kFresh);
    EXPECT_TRUE(fresh.changed);
}

TEST(FenceTest, StartWithoutBrokerFallsBackAfterTheWait) {
    // A whole-site power cut: hub and broker are down, nobody moved anything.
    Fence fence(config(), kStart);
    EXPECT_EQ(fence.decide({.now_ms = kStart + 9999}).verdict, FenceVerdict::kHold);
    FenceDecision fallback = fence.decide({.now_ms = kStart + 10000});
    EXPECT_EQ(fallback.verdict, FenceVerdict::kFallBack);
    EXPECT_TRUE(fallback.changed);
    EXPECT_NE(fallback.why.find("no answer from the broker"), std::string::npos) << fallback.why;
    // Unchanged on the next pass, and fresh once the broker's set arrives.
    EXPECT_FALSE(fence.decide({.now_ms = kStart + 12000}).changed);
    EXPECT_EQ(fence
                  .decide({.now_ms = kStart + 60000,
                           .last_contact_ms = kStart + 59000,
                           .last_desired_ms = kStart + 59000})
                  .verdict,
              FenceVerdict::kFresh);
}

TEST(FenceTest, ShortSilenceKeepsStartsAllowed) {
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    // 3 s without a PUBACK is exactly the limit: not yet stale.
    FenceDecision decision = fence.decide(
        {.now_ms = contact + 3000, .last_contact_ms = contact, .last_desired_ms = kStart + 500});
    EXPECT_EQ(decision.verdict, FenceVerdict::kFresh);
    EXPECT_FALSE(decision.changed);
}

TEST(FenceTest, LongSilenceHoldsAndAsksForTheSetAgain) {
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    // A network cut: passes go on every 2 s, no round trip succeeds.
    EXPECT_EQ(fence
                  .decide({.now_ms = contact + 2000,
                           .last_contact_ms = contact,
                           .last_desired_ms = kStart + 500})
                  .verdict,
              FenceVerdict::kFresh);
    FenceDecision stale = fence.decide(
        {.now_ms = contact + 4000, .last_contact_ms = contact, .last_desired_ms = kStart + 500});
    EXPECT_EQ(stale.verdict, FenceVerdict::kHold);
    EXPECT_TRUE(stale.refresh);
    EXPECT_TRUE(stale.changed);
    EXPECT_NE(stale.why.find("out of touch for 4s"), std::string::npos) << stale.why;
    // Still cut off a minute later: a running agent keeps holding, it never falls back, since
    // the hub may have moved its replicas.
    FenceDecision later = fence.decide(
        {.now_ms = contact + 60000, .last_contact_ms = contact, .last_desired_ms = kStart + 500});
    EXPECT_EQ(later.verdict, FenceVerdict::kHold);
    EXPECT_FALSE(later.refresh);
}

TEST(FenceTest, FrozenProcessIsStaleEvenWhenTheConnectionLooksAlive) {
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    // SIGSTOP for 10 s, then SIGCONT: the first PUBACK after the thaw beat this pass, so the
    // contact looks recent; the gap since the last pass gives the freeze away.
    int64_t thawed = contact + 10000;
    FenceDecision decision = fence.decide(
        {.now_ms = thawed, .last_contact_ms = thawed - 5, .last_desired_ms = kStart + 500});
    EXPECT_EQ(decision.verdict, FenceVerdict::kHold);
    EXPECT_TRUE(decision.refresh);
}

TEST(FenceTest, BrokerReachableWithTheSetEndsTheHold) {
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    int64_t stale_at = contact + 8000;
    EXPECT_EQ(
        fence
            .decide(
                {.now_ms = stale_at, .last_contact_ms = contact, .last_desired_ms = kStart + 500})
            .verdict,
        FenceVerdict::kHold);
    // The reconnect brings the retained set, newer or the same generation alike: either way it
    // is what the hub wants now.
    FenceDecision fresh = fence.decide({.now_ms = stale_at + 1500,
                                        .last_contact_ms = stale_at + 1200,
                                        .last_desired_ms = stale_at + 1300});
    EXPECT_EQ(fresh.verdict, FenceVerdict::kFresh);
    EXPECT_NE(fresh.why.find("arrived after 1s300ms"), std::string::npos) << fresh.why;
}

TEST(FenceTest, ASetHeardBeforeTheStaleStretchDoesNotCount) {
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    int64_t stale_at = contact + 5000;
    EXPECT_EQ(
        fence.decide({.now_ms = stale_at, .last_contact_ms = contact, .last_desired_ms = contact})
            .verdict,
        FenceVerdict::kHold);
    EXPECT_EQ(fence
                  .decide({.now_ms = stale_at + 2000,
                           .last_contact_ms = stale_at + 1000,
                           .last_desired_ms = contact})
                  .verdict,
              FenceVerdict::kHold);
}

TEST(FenceTest, BrokerBackWithoutAnySetEndsTheHoldAfterTheWait) {
    // The broker answers again but retained nothing for this node (it lost its persistence
    // file while the hub is away): the stored set is all there is.
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    int64_t stale_at = contact + 5000;
    EXPECT_EQ(fence.decide({.now_ms = stale_at, .last_contact_ms = contact}).verdict,
              FenceVerdict::kHold);
    int64_t back = stale_at + 1000;
    for (int64_t now = back; now < back + 10000; now += 1000) {
        EXPECT_EQ(fence.decide({.now_ms = now, .last_contact_ms = now}).verdict,
                  FenceVerdict::kHold);
    }
    FenceDecision done = fence.decide({.now_ms = back + 10000, .last_contact_ms = back + 10000});
    EXPECT_EQ(done.verdict, FenceVerdict::kFresh);
    EXPECT_NE(done.why.find("sent no desired set"), std::string::npos) << done.why;
}

TEST(FenceTest, AReplyFromBeforeAFreezeIsNotAnAnswer) {
    // Stale (a cut), a last PUBACK, then frozen for 12 s: on the thaw the broker has not
    // answered since, and no wait has run out.
    Fence fence(config(), kStart);
    int64_t contact = run_fresh(fence, kStart + 20000);
    int64_t stale_at = contact + 4000;
    EXPECT_EQ(fence.decide({.now_ms = stale_at, .last_contact_ms = contact}).verdict,
              FenceVerdict::kHold);
    int64_t thawed = stale_at + 12000;
    EXPECT_EQ(fence.decide({.now_ms = thawed, .last_contact_ms = stale_at + 500}).verdict,
              FenceVerdict::kHold);
    // Reconnected: the CONNACK is an answer, but the retained set is still on its way.
    EXPECT_EQ(fence.decide({.now_ms = thawed + 1000, .last_contact_ms = thawed + 990}).verdict,
              FenceVerdict::kHold);
    EXPECT_EQ(fence
                  .decide({.now_ms = thawed + 1010,
                           .last_contact_ms = thawed + 1005,
                           .last_desired_ms = thawed + 1005})
                  .verdict,
              FenceVerdict::kFresh);
}

TEST(FenceTest, AStartWithNoSetAnywhereStillFencesTheNextFreeze) {
    // A node that joined before any stack was placed: the broker answers, but has no set.
    Fence fence(config(), kStart);
    int64_t now = kStart;
    for (; now <= kStart + 10000; now += 1000) {
        EXPECT_EQ(fence.decide({.now_ms = now, .last_contact_ms = now}).verdict,
                  FenceVerdict::kHold);
    }
    EXPECT_EQ(fence.decide({.now_ms = now, .last_contact_ms = now}).verdict, FenceVerdict::kFresh);
    // The first set arrives live, later; then the agent is frozen for 10 s.
    for (now += 1000; now < kStart + 30000; now += 1000) {
        EXPECT_EQ(fence.decide({.now_ms = now, .last_contact_ms = now}).verdict,
                  FenceVerdict::kFresh);
    }
    int64_t thawed = now + 10000;
    FenceDecision decision = fence.decide({.now_ms = thawed, .last_contact_ms = thawed});
    EXPECT_EQ(decision.verdict, FenceVerdict::kHold);
    EXPECT_TRUE(decision.refresh);
}

TEST(FenceTest, FallBackEndsWhenTheBrokerAnswers) {
    Fence fence(config(), kStart);
    EXPECT_EQ(fence.decide({.now_ms = kStart + 10000}).verdict, FenceVerdict::kFallBack);
    FenceDecision back =
        fence.decide({.now_ms = kStart + 40000, .last_contact_ms = kStart + 39000});
    EXPECT_EQ(back.verdict, FenceVerdict::kFresh);
    EXPECT_TRUE(back.changed);
    // And a later cut fences again.
    FenceDecision cut = fence.decide({.now_ms = kStart + 45000, .last_contact_ms = kStart + 41000});
    EXPECT_EQ(cut.verdict, FenceVerdict::kHold);
}

TEST(FenceTest, OutOfTouchCountsFromTheStartUntilTheFirstContact) {
    Fence fence(config(), kStart);
    EXPECT_EQ(fence.out_of_touch_ms({.now_ms = kStart + 700}), 700);
    EXPECT_EQ(fence.out_of_touch_ms({.now_ms = kStart + 700, .last_contact_ms = kStart + 600}),
              100);
}

}  // namespace
}  // namespace edge
