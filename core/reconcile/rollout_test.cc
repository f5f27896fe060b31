#include "core/reconcile/rollout.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

using Condition = ReplicaCondition;

RolloutReplica waiting(int index) {
    return {index, true, true, 0, Condition::kUp, 1, ""};
}

RolloutReplica switched(int index, int64_t at_ms, Condition condition, int64_t up_since_ms = 0,
                        std::string failure = "") {
    return {index, true, false, at_ms, condition, up_since_ms, std::move(failure)};
}

RolloutReplica done(int index) {
    return {index, true, false, 0, Condition::kUp, 1, ""};
}

Rollout updating(int64_t started_ms = 0) {
    Rollout rollout;
    rollout.started_ms = started_ms;
    return rollout;
}

TEST(Rollout, SwitchesOneReplicaAtATimeByDefault) {
    auto step = step_rollout({}, updating(), {waiting(0), waiting(1), waiting(2)}, 1000);
    EXPECT_EQ(step.switch_now, std::vector<int>{0});
    EXPECT_EQ(step.next.phase, RolloutPhase::kUpdating);
    EXPECT_EQ(step.notes, std::vector<std::string>{"updating replica(s) 0"});
}

TEST(Rollout, ParallelismZeroSwitchesEveryReplicaAtOnce) {
    UpdateConfig config;
    config.parallelism = 0;
    auto step = step_rollout(config, updating(), {waiting(0), waiting(1), waiting(2)}, 1000);
    EXPECT_EQ(step.switch_now, (std::vector<int>{0, 1, 2}));
}

TEST(Rollout, WaitsForTheBatchToStayUpThroughMonitorBeforeTheNext) {
    UpdateConfig config;
    config.parallelism = 2;
    config.monitor_ms = 5000;
    std::vector<RolloutReplica> replicas = {switched(0, 1000, Condition::kUp, 2000),
                                            switched(1, 1000, Condition::kStarting), waiting(2)};
    auto step = step_rollout(config, updating(), replicas, 6000);
    EXPECT_TRUE(step.switch_now.empty());
    EXPECT_TRUE(step.settled.empty());  // replica 0 is up only 4 s

    replicas[1] = switched(1, 1000, Condition::kUp, 3000);
    step = step_rollout(config, updating(), replicas, 7500);
    EXPECT_EQ(step.settled, std::vector<int>{0});
    EXPECT_TRUE(step.switch_now.empty());  // replica 1 is still being watched

    step = step_rollout(config, updating(), replicas, 8000);
    EXPECT_EQ(step.settled, (std::vector<int>{0, 1}));
    EXPECT_EQ(step.switch_now, std::vector<int>{2});
}

TEST(Rollout, DelayHoldsTheNextBatchAfterOneSettles) {
    UpdateConfig config;
    config.monitor_ms = 0;
    config.delay_ms = 10000;
    auto step = step_rollout(config, updating(),
                             {switched(0, 1000, Condition::kUp, 1500), waiting(1)}, 2000);
    EXPECT_EQ(step.settled, std::vector<int>{0});
    EXPECT_TRUE(step.switch_now.empty());
    EXPECT_EQ(step.next.next_batch_ms, 12000);

    step = step_rollout(config, step.next, {done(0), waiting(1)}, 11999);
    EXPECT_TRUE(step.switch_now.empty());
    step = step_rollout(config, step.next, {done(0), waiting(1)}, 12000);
    EXPECT_EQ(step.switch_now, std::vector<int>{1});
}

TEST(Rollout, PendingReplicasMoveAtOnceOutsideTheBatch) {
    RolloutReplica pending = waiting(1);
    pending.placed = false;
    auto step =
        step_rollout({}, updating(), {switched(0, 1000, Condition::kStarting), pending}, 2000);
    EXPECT_EQ(step.switch_now, std::vector<int>{1});
}

TEST(Rollout, CompletesWhenTheLastReplicaSettles) {
    UpdateConfig config;
    config.monitor_ms = 1000;
    auto step = step_rollout(config, updating(0),
                             {done(0), switched(1, 1000, Condition::kUp, 2000)}, 33000);
    EXPECT_EQ(step.settled, std::vector<int>{1});
    EXPECT_EQ(step.next.phase, RolloutPhase::kCompleted);
    EXPECT_EQ(step.next.message, "rollout completed in 33 s");
}

TEST(Rollout, AFailedReplicaPausesByDefault) {
    auto step = step_rollout(
        {}, updating(),
        {switched(0, 1000, Condition::kFailed, 0, "image pull failed: manifest unknown"),
         waiting(1)},
        3000);
    ASSERT_EQ(step.failed.size(), 1u);
    EXPECT_EQ(step.next.phase, RolloutPhase::kPaused);
    EXPECT_EQ(step.next.failures, 1);
    EXPECT_EQ(step.next.message, "replica 0 failed: image pull failed: manifest unknown");
    EXPECT_TRUE(step.switch_now.empty());
    EXPECT_FALSE(step.roll_back);
}

TEST(Rollout, FailureActionRollbackAsksForARollback) {
    UpdateConfig config;
    config.failure_action = UpdateConfig::FailureAction::kRollback;
    auto step =
        step_rollout(config, updating(),
                     {switched(0, 1000, Condition::kFailed, 0, "unhealthy"), waiting(1)}, 3000);
    EXPECT_TRUE(step.roll_back);
    EXPECT_TRUE(step.switch_now.empty());
}

TEST(Rollout, AFailingRollbackPausesRatherThanRollingBackAgain) {
    UpdateConfig config;
    config.failure_action = UpdateConfig::FailureAction::kRollback;
    Rollout rollout = updating();
    rollout.phase = RolloutPhase::kRollingBack;
    auto step = step_rollout(
        config, rollout, {switched(0, 1000, Condition::kFailed, 0, "exited with code 1")}, 3000);
    EXPECT_FALSE(step.roll_back);
    EXPECT_EQ(step.next.phase, RolloutPhase::kPaused);
}

TEST(Rollout, MaxFailureRatioToleratesSomeFailures) {
    UpdateConfig config;
    config.max_failure_ratio = 0.5;  // 2 of 4 tolerated
    config.monitor_ms = 0;
    auto step = step_rollout(config, updating(),
                             {switched(0, 1000, Condition::kFailed, 0, "exited with code 1"),
                              waiting(1), waiting(2), waiting(3)},
                             2000);
    EXPECT_EQ(step.next.phase, RolloutPhase::kUpdating);
    EXPECT_EQ(step.switch_now, std::vector<int>{1});
    Rollout after_three = step.next;
    after_three.failures = 2;
    step = step_rollout(
        config, after_three,
        {done(0), switched(1, 2000, Condition::kFailed, 0, "unhealthy"), waiting(2), waiting(3)},
        3000);
    EXPECT_EQ(step.next.phase, RolloutPhase::kPaused);
}

TEST(Rollout, ContinueCountsFailuresAndCompletes) {
    UpdateConfig config;
    config.failure_action = UpdateConfig::FailureAction::kContinue;
    auto step = step_rollout(config, updating(),
                             {switched(0, 1000, Condition::kFailed, 0, "unhealthy")}, 2000);
    EXPECT_EQ(step.next.phase, RolloutPhase::kCompleted);
    EXPECT_EQ(step.next.message, "rollout completed in 2 s with 1 failed replica(s)");
}

TEST(Rollout, AReplicaThatNeverComesUpFailsAfterTheDeadline) {
    UpdateConfig config;
    config.monitor_ms = 0;
    auto step = step_rollout(config, updating(), {switched(0, 1000, Condition::kAbsent)},
                             1000 + kRolloutStartDeadlineMs - 1);
    EXPECT_TRUE(step.failed.empty());
    step = step_rollout(config, updating(), {switched(0, 1000, Condition::kAbsent)},
                        1000 + kRolloutStartDeadlineMs);
    ASSERT_EQ(step.failed.size(), 1u);
    EXPECT_EQ(step.failed[0].second, "not up 10 min after it was switched");
}

TEST(Rollout, AFinishedRolloutIsLeftAlone) {
    Rollout finished = updating();
    finished.phase = RolloutPhase::kCompleted;
    auto step = step_rollout({}, finished, {waiting(0)}, 1000);
    EXPECT_TRUE(step.switch_now.empty());
    EXPECT_EQ(step.next, finished);
}

}  // namespace
}  // namespace edge
