// The learned limit: headroom, rounding, floor, ceiling, capacity, the OOM raise; with
// property tests over random inputs.
#include "core/memory/memory_policy.h"

#include <gtest/gtest.h>

#include <random>

#include "core/byte_units.h"

namespace edge {
namespace memory_policy_test {

TEST(MemoryPolicy, StepsGrowWithTheLimit) {
    EXPECT_EQ(limit_step(20 * kMiB), 16 * kMiB);
    EXPECT_EQ(limit_step(512 * kMiB), 16 * kMiB);
    EXPECT_EQ(limit_step(513 * kMiB), 64 * kMiB);
    EXPECT_EQ(limit_step(4 * kGiB), 64 * kMiB);
    EXPECT_EQ(limit_step(5 * kGiB), 256 * kMiB);
    EXPECT_EQ(round_up_to_step(20 * kMiB), 32 * kMiB);
    EXPECT_EQ(round_up_to_step(32 * kMiB), 32 * kMiB);
    EXPECT_EQ(round_up_to_step(1300 * kMiB), 1344 * kMiB);
    EXPECT_EQ(round_up_to_step(0), 0);
}

TEST(MemoryPolicy, RecommendsPeakTimesHeadroomRoundedUp) {
    MemoryPolicy policy;
    // 20 MiB used under a 256 MiB limit: 25 MiB wanted, 32 MiB recommended.
    EXPECT_EQ(recommend_limit(20 * kMiB, 0, policy, 4 * kGiB).limit, 32 * kMiB);
    // 1.02 GiB: 1.275 GiB wanted, rounded up to a 64 MiB step.
    MemoryRecommendation large = recommend_limit(1044 * kMiB, 0, policy, 16 * kGiB);
    EXPECT_EQ(large.limit, 1344 * kMiB);
    EXPECT_FALSE(large.capped);
}

TEST(MemoryPolicy, NeverBelowTheFloor) {
    MemoryPolicy policy;
    EXPECT_EQ(recommend_limit(3 * kMiB, 0, policy, 4 * kGiB).limit, 32 * kMiB);
    EXPECT_EQ(recommend_limit(0, 0, policy, 4 * kGiB).limit, 32 * kMiB);
}

TEST(MemoryPolicy, CappedByCeilingAndCapacity) {
    MemoryPolicy policy;
    policy.ceiling = 2 * kGiB;
    MemoryRecommendation by_ceiling = recommend_limit(1900 * kMiB, 0, policy, 8 * kGiB);
    EXPECT_EQ(by_ceiling.limit, 2 * kGiB);
    EXPECT_TRUE(by_ceiling.capped);
    MemoryRecommendation by_capacity = recommend_limit(900 * kMiB, 0, policy, 1 * kGiB);
    EXPECT_EQ(by_capacity.limit, 1 * kGiB);
    EXPECT_TRUE(by_capacity.capped);
    // Unknown capacity (no node yet): the ceiling alone.
    EXPECT_EQ(limit_upper_bound(policy, 0), 2 * kGiB);
}

TEST(MemoryPolicy, ARememberedOomKillKeepsTheRecommendationAboveItsRaise) {
    MemoryPolicy policy;
    // Killed at 64 MiB, later peaks read low (the cgroup was new): still at least 96 MiB.
    EXPECT_EQ(recommend_limit(30 * kMiB, 64 * kMiB, policy, 4 * kGiB).limit, 96 * kMiB);
}

TEST(MemoryPolicy, OomRaiseIsHalfAgainRoundedUp) {
    MemoryPolicy policy;
    OomRaise raise = raise_after_oom(64 * kMiB, 64 * kMiB, policy, 4 * kGiB);
    EXPECT_TRUE(raise.raised);
    EXPECT_FALSE(raise.capped);
    EXPECT_EQ(raise.limit, 96 * kMiB);
    EXPECT_EQ(raise_after_oom(1 * kGiB, 1044 * kMiB, policy, 16 * kGiB).limit, 1600 * kMiB);
}

TEST(MemoryPolicy, OomRaiseStopsAtTheBoundAndNeverLowers) {
    MemoryPolicy policy;
    policy.ceiling = 1 * kGiB;
    OomRaise capped = raise_after_oom(900 * kMiB, 900 * kMiB, policy, 8 * kGiB);
    EXPECT_TRUE(capped.raised);
    EXPECT_TRUE(capped.capped);
    EXPECT_EQ(capped.limit, 1 * kGiB);
    OomRaise stuck = raise_after_oom(1 * kGiB, 1 * kGiB, policy, 8 * kGiB);
    EXPECT_FALSE(stuck.raised);
    EXPECT_EQ(stuck.limit, 1 * kGiB);
    // A stated limit above the bound is never lowered by a kill.
    OomRaise above = raise_after_oom(2 * kGiB, 2 * kGiB, policy, 8 * kGiB);
    EXPECT_FALSE(above.raised);
    EXPECT_EQ(above.limit, 2 * kGiB);
}

TEST(MemoryPolicy, ResizesOnlyForAtLeastAStep) {
    EXPECT_FALSE(worth_resizing(256 * kMiB, 256 * kMiB));
    EXPECT_FALSE(worth_resizing(256 * kMiB, 250 * kMiB));
    EXPECT_TRUE(worth_resizing(256 * kMiB, 32 * kMiB));
    EXPECT_TRUE(worth_resizing(1 * kGiB, 1088 * kMiB));
    EXPECT_FALSE(worth_resizing(0, 32 * kMiB));
}

TEST(MemoryPolicy, ChangeTextSharesTheUnit) {
    EXPECT_EQ(limit_change_text(1 * kGiB, 1536 * kMiB), "1.0 → 1.5 GiB");
    EXPECT_EQ(limit_change_text(256 * kMiB, 32 * kMiB), "256 → 32 MiB");
    EXPECT_EQ(limit_change_text(768 * kMiB, 1152 * kMiB), "768 MiB → 1.1 GiB");
}

// Properties over random peaks, kills, ceilings and capacities: a recommendation never
// exceeds the ceiling or the capacity; it never falls below the observed peak when the peak
// fits within them; it never falls below the floor when the floor fits; and it is a whole
// step unless it was capped.
TEST(MemoryPolicyProperty, RecommendationStaysWithinItsBounds) {
    std::mt19937_64 random(24);
    for (int i = 0; i < 20000; ++i) {
        MemoryPolicy policy;
        policy.headroom = std::uniform_real_distribution<double>(1.0, 2.0)(random);
        policy.floor = std::uniform_int_distribution<int64_t>(6 * kMiB, 256 * kMiB)(random);
        policy.ceiling = std::uniform_int_distribution<int64_t>(64 * kMiB, 64 * kGiB)(random);
        int64_t capacity = std::uniform_int_distribution<int64_t>(0, 32 * kGiB)(random);
        int64_t peak = std::uniform_int_distribution<int64_t>(0, 40 * kGiB)(random);
        int64_t oom = random() % 3 == 0
                          ? std::uniform_int_distribution<int64_t>(6 * kMiB, 16 * kGiB)(random)
                          : 0;
        MemoryRecommendation got = recommend_limit(peak, oom, policy, capacity);
        int64_t bound = limit_upper_bound(policy, capacity);
        ASSERT_LE(got.limit, policy.ceiling);
        if (capacity > 0) {
            ASSERT_LE(got.limit, capacity);
        }
        if (peak <= bound) {
            ASSERT_GE(got.limit, peak) << "peak " << peak;
        }
        if (policy.floor <= bound) {
            ASSERT_GE(got.limit, policy.floor);
        }
        if (!got.capped && got.limit > policy.floor) {
            ASSERT_EQ(got.limit % limit_step(got.limit), 0);
        }
        if (got.capped) {
            ASSERT_EQ(got.limit, bound);
        }
    }
}

// Properties of the OOM raise: within the bound unless the old limit already exceeded it,
// never below the old limit, raised exactly when it grew, and at least the old limit x 1.5
// when that fits.
TEST(MemoryPolicyProperty, OomRaiseStaysWithinItsBounds) {
    std::mt19937_64 random(1505);
    for (int i = 0; i < 20000; ++i) {
        MemoryPolicy policy;
        policy.ceiling = std::uniform_int_distribution<int64_t>(64 * kMiB, 64 * kGiB)(random);
        int64_t capacity = std::uniform_int_distribution<int64_t>(0, 32 * kGiB)(random);
        int64_t limit = std::uniform_int_distribution<int64_t>(6 * kMiB, 16 * kGiB)(random);
        int64_t peak = std::uniform_int_distribution<int64_t>(0, limit + limit / 10)(random);
        OomRaise got = raise_after_oom(limit, peak, policy, capacity);
        int64_t bound = limit_upper_bound(policy, capacity);
        ASSERT_GE(got.limit, limit);
        ASSERT_EQ(got.raised, got.limit > limit);
        if (got.raised) {
            ASSERT_LE(got.limit, bound);
            ASSERT_LE(got.limit, policy.ceiling);
            if (capacity > 0) {
                ASSERT_LE(got.limit, capacity);
            }
        } else {
            ASSERT_EQ(got.limit, limit);
        }
        if (std::max(limit, peak) * 3 / 2 + limit_step(limit * 2) <= bound) {
            ASSERT_GE(got.limit, std::max(limit, peak) * 3 / 2);
            ASSERT_FALSE(got.capped);
        }
    }
}

}  // namespace memory_policy_test
}  // namespace edge
