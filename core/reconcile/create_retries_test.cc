#include "core/reconcile/create_retries.h"

#include <gtest/gtest.h>

#include "core/reconcile/backoff.h"

namespace edge {
namespace {

CreateFailure failure_of(const std::string& hash) {
    return {"shop", "web", 0, hash, "cannot pull image shop:1: manifest unknown"};
}

TEST(BackoffTest, CappedDoublingDoublesFromTheFirstDelayUpToTheCap) {
    EXPECT_EQ(capped_doubling(100, 1000, 0), 0);
    EXPECT_EQ(capped_doubling(100, 1000, 1), 100);
    EXPECT_EQ(capped_doubling(100, 1000, 2), 200);
    EXPECT_EQ(capped_doubling(100, 1000, 4), 800);
    EXPECT_EQ(capped_doubling(100, 1000, 5), 1000);
    EXPECT_EQ(capped_doubling(100, 1000, 1 << 20), 1000);  // no overflow after many attempts
}

TEST(BackoffTest, JitterSpreadsTheDelayByTheFractionEitherWay) {
    EXPECT_EQ(with_jitter(1000, 0.2, 0.0), 800);
    EXPECT_EQ(with_jitter(1000, 0.2, 0.5), 1000);
    EXPECT_EQ(with_jitter(1000, 0.2, 0.999), 1199);
    EXPECT_EQ(with_jitter(1000, 0.0, 0.9), 1000);
    EXPECT_EQ(with_jitter(1000, 0.2, 7.0), 1200);  // an out-of-range draw is clamped
}

TEST(CreateRetriesTest, EachFailureOfTheSameSpecDoublesTheWait) {
    CreateFailure first = after_failed_create(failure_of("h1"), nullptr, 10'000, 0.5);
    EXPECT_EQ(first.attempts, 1);
    EXPECT_EQ(first.retry_at_ms, 12'000);
    CreateFailure second = after_failed_create(failure_of("h1"), &first, 12'000, 0.5);
    EXPECT_EQ(second.attempts, 2);
    EXPECT_EQ(second.retry_at_ms, 16'000);
    CreateFailure third = after_failed_create(failure_of("h1"), &second, 16'000, 0.5);
    EXPECT_EQ(third.retry_at_ms, 24'000);
}

TEST(CreateRetriesTest, TheWaitStopsGrowingAtFiveMinutes) {
    CreateFailure failure = after_failed_create(failure_of("h1"), nullptr, 0, 0.5);
    for (int i = 0; i < 30; ++i) failure = after_failed_create(failure_of("h1"), &failure, 0, 0.5);
    EXPECT_EQ(failure.attempts, 31);
    EXPECT_EQ(failure.retry_at_ms, 300'000);
}

TEST(CreateRetriesTest, JitterMovesTheRetryWithinTwentyPercent) {
    CreateFailure early = after_failed_create(failure_of("h1"), nullptr, 0, 0.0);
    CreateFailure late = after_failed_create(failure_of("h1"), nullptr, 0, 0.99);
    EXPECT_EQ(early.retry_at_ms, 1'600);
    EXPECT_GT(late.retry_at_ms, 2'350);
    EXPECT_LT(late.retry_at_ms, 2'400);
}

TEST(CreateRetriesTest, ANewSpecOrAFailedStartStartsTheCountAgain) {
    CreateFailure old_spec = after_failed_create(failure_of("h1"), nullptr, 0, 0.5);
    old_spec = after_failed_create(failure_of("h1"), &old_spec, 0, 0.5);
    ASSERT_EQ(old_spec.attempts, 2);
    EXPECT_EQ(after_failed_create(failure_of("h2"), &old_spec, 0, 0.5).attempts, 1);

    CreateFailure start_failure = failure_of("h1");
    start_failure.stage = CreateFailure::Stage::kStart;
    start_failure.attempts = 5;
    EXPECT_EQ(after_failed_create(failure_of("h1"), &start_failure, 0, 0.5).attempts, 1);
}

TEST(CreateRetriesTest, OnlyTheFailedSpecWaitsAndOnlyUntilItsRetryIsDue) {
    CreateFailure failure = after_failed_create(failure_of("h1"), nullptr, 10'000, 0.5);
    EXPECT_TRUE(create_waits(failure, "h1", 10'000));
    EXPECT_TRUE(create_waits(failure, "h1", 11'999));
    EXPECT_FALSE(create_waits(failure, "h1", 12'000));
    EXPECT_FALSE(create_waits(failure, "h2", 10'000));  // an update is tried at once
    CreateFailure refused = failure_of("h1");           // a policy refusal has no retry time
    EXPECT_FALSE(create_waits(refused, "h1", 10'000));
}

}  // namespace
}  // namespace edge
