#include "core/jobs/job_run.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

constexpr int64_t kT = 1'800'000'000'000;  // an instant in 2027

JobRun started_run(const JobRetryPolicy& retry, int failures, int64_t& now) {
    JobRun run = job_attempt_started(planned_job_run(JobRunTrigger::kSchedule, kT), kT);
    now = kT;
    for (int i = 0; i < failures; ++i) {
        now += 1'000;
        run = job_attempt_ended(run, {1, ""}, retry, now);
        if (run.state != JobRunState::kRetryWait) return run;
        now = run.retry_at_ms;
        run = job_attempt_started(run, now);
    }
    return run;
}

TEST(JobRunTest, APlannedRunStartsItsFirstAttempt) {
    JobRun run = planned_job_run(JobRunTrigger::kOnDemand, kT);
    EXPECT_EQ(run.state, JobRunState::kPlanned);
    EXPECT_TRUE(job_run_active(run.state));
    run = job_attempt_started(run, kT + 5);
    EXPECT_EQ(run.state, JobRunState::kRunning);
    EXPECT_EQ(run.attempts, 1);
    EXPECT_EQ(run.started_ms, kT + 5);
    EXPECT_EQ(run.attempt_started_ms, kT + 5);
}

TEST(JobRunTest, ExitCodeZeroSucceeds) {
    JobRun run = job_attempt_started(planned_job_run(JobRunTrigger::kSchedule, kT), kT);
    run = job_attempt_ended(run, {0, ""}, {}, kT + 60'000);
    EXPECT_EQ(run.state, JobRunState::kSucceeded);
    EXPECT_FALSE(job_run_active(run.state));
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.ended_ms, kT + 60'000);
    EXPECT_EQ(run.reason, "");
}

TEST(JobRunTest, FailedAttemptsRetryWithCappedDoublingBackoff) {
    JobRetryPolicy retry;
    retry.max_attempts = 3;
    retry.delay_ms = 10'000;
    retry.max_delay_ms = 25'000;
    JobRun run = job_attempt_started(planned_job_run(JobRunTrigger::kSchedule, kT), kT);
    run = job_attempt_ended(run, {2, ""}, retry, kT + 1'000);
    EXPECT_EQ(run.state, JobRunState::kRetryWait);
    EXPECT_TRUE(job_run_active(run.state));
    EXPECT_EQ(run.reason, "exit code 2");
    EXPECT_EQ(run.retry_at_ms, kT + 11'000);  // 10 s
    run = job_attempt_started(run, run.retry_at_ms);
    EXPECT_EQ(run.attempts, 2);
    EXPECT_EQ(run.started_ms, kT);  // the run's start stays the first attempt's
    run = job_attempt_ended(run, {2, ""}, retry, kT + 12'000);
    EXPECT_EQ(run.retry_at_ms, kT + 32'000);  // 20 s
    run = job_attempt_started(run, run.retry_at_ms);
    run = job_attempt_ended(run, {2, ""}, retry, kT + 33'000);
    EXPECT_EQ(run.retry_at_ms, kT + 58'000);  // 40 s, capped at 25 s
    run = job_attempt_started(run, run.retry_at_ms);
    EXPECT_EQ(run.attempts, 4);
    run = job_attempt_ended(run, {2, ""}, retry, kT + 60'000);
    EXPECT_EQ(run.state, JobRunState::kFailed);  // 1 + 3 retries made
    EXPECT_EQ(run.ended_ms, kT + 60'000);
    EXPECT_EQ(run.reason, "exit code 2");
}

TEST(JobRunTest, NoRetriesByDefaultAndNoLimitWhenAsked) {
    int64_t now = 0;
    JobRun once = started_run(JobRetryPolicy{}, 1, now);
    EXPECT_EQ(once.state, JobRunState::kFailed);
    EXPECT_EQ(once.attempts, 1);

    JobRetryPolicy unlimited;
    unlimited.max_attempts = std::nullopt;
    JobRun many = started_run(unlimited, 50, now);
    EXPECT_EQ(many.state, JobRunState::kRunning);
    EXPECT_EQ(many.attempts, 51);
}

TEST(JobRunTest, AReasonFromTheHubOrAgentWinsOverTheExitCode) {
    JobRun run = job_attempt_started(planned_job_run(JobRunTrigger::kSchedule, kT), kT);
    JobRun oom = job_attempt_ended(run, {137, "oom-killed"}, {}, kT + 1);
    EXPECT_EQ(oom.state, JobRunState::kFailed);
    EXPECT_EQ(oom.reason, "oom-killed");
    EXPECT_EQ(oom.exit_code, 137);
    JobRun lost = job_attempt_ended(run, {std::nullopt, "node went down"}, {}, kT + 1);
    EXPECT_EQ(lost.state, JobRunState::kFailed);
    EXPECT_EQ(lost.reason, "node went down");
    EXPECT_EQ(lost.exit_code, std::nullopt);
}

TEST(JobRunTest, StoppedAndMissedRunsAreOver) {
    JobRun run = job_attempt_started(planned_job_run(JobRunTrigger::kSchedule, kT), kT);
    JobRun stopped = job_run_stopped(run, "deadline", kT + 100);
    EXPECT_EQ(stopped.state, JobRunState::kFailed);
    EXPECT_EQ(stopped.reason, "deadline");
    EXPECT_EQ(stopped.ended_ms, kT + 100);
    JobRun missed = missed_job_run(kT, "not started", kT + 200);
    EXPECT_EQ(missed.state, JobRunState::kMissed);
    EXPECT_EQ(missed.trigger, JobRunTrigger::kSchedule);
    EXPECT_EQ(missed.occurrence_ms, kT);
    EXPECT_EQ(missed.attempts, 0);
    EXPECT_EQ(job_run_state_name(missed.state), "missed");
}

TEST(JobPolicyTest, ConcurrencyNames) {
    EXPECT_EQ(parse_job_concurrency("replace").value(), JobConcurrency::kReplace);
    EXPECT_EQ(job_concurrency_name(parse_job_concurrency("allow").value()), "allow");
    EXPECT_EQ(parse_job_concurrency("Forbid").error().message,
              "concurrency: 'Forbid' is not one of forbid, allow, replace");
}

}  // namespace
}  // namespace edge
