#include "core/jobs/job_runs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/jobs/test_zones.h"

namespace edge {
namespace {

using testing::system_zone;
using testing::utc_ms;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;

JobPolicy policy_for(const char* schedule) {
    JobPolicy policy;
    Result<CronSchedule> parsed = parse_cron(schedule);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    if (parsed.ok()) policy.schedule = *parsed;
    return policy;
}

// Applies decisions as the hub does: each action stored in order, planned runs given ids.
struct FakeHub {
    JobPolicy policy;
    JobScheduleState state;
    std::vector<JobRun> runs;
    int64_t next_id = 1;
    int starts = 0;  // first attempts started

    JobDecision tick(int64_t now_ms) {
        JobDecision decision = decide_job_runs(policy, state, runs, now_ms);
        apply(decision, now_ms);
        return decision;
    }

    // `crash_after`: the hub dies after applying that many actions.
    void apply(const JobDecision& decision, int64_t now_ms, size_t crash_after = SIZE_MAX) {
        size_t applied = 0;
        for (const JobAction& action : decision.actions) {
            if (applied++ == crash_after) return;
            switch (action.kind) {
                case JobAction::Kind::kStore: {
                    JobRun run = action.run;
                    run.id = next_id++;
                    runs.push_back(run);
                    break;
                }
                case JobAction::Kind::kStart:
                    if (run(action.run_id).attempts == 0) ++starts;
                    run(action.run_id) = job_attempt_started(run(action.run_id), now_ms);
                    break;
                case JobAction::Kind::kStop:
                    run(action.run_id) = job_run_stopped(run(action.run_id), action.reason, now_ms);
                    break;
                case JobAction::Kind::kMarkMissed:
                    run(action.run_id) = job_run_missed(run(action.run_id), action.reason, now_ms);
                    break;
                case JobAction::Kind::kDelete:
                    std::erase_if(runs, [&](const JobRun& r) { return r.id == action.run_id; });
                    break;
            }
        }
    }

    void exits(int64_t id, int exit_code, int64_t now_ms) {
        run(id) = job_attempt_ended(run(id), {exit_code, ""}, policy.retry, now_ms);
    }

    JobRun& run(int64_t id) {
        auto it =
            std::find_if(runs.begin(), runs.end(), [&](const JobRun& r) { return r.id == id; });
        if (it != runs.end()) return *it;
        ADD_FAILURE() << "no run " << id;
        static JobRun missing;
        return missing;
    }

    int count(JobRunState state) const {
        return static_cast<int>(std::count_if(runs.begin(), runs.end(),
                                              [&](const JobRun& r) { return r.state == state; }));
    }
};

// One line per action, e.g. "store planned @1800000000000", "start 3", "stop 2 deadline".
std::vector<std::string> described(const JobDecision& decision) {
    std::vector<std::string> lines;
    for (const JobAction& action : decision.actions) {
        switch (action.kind) {
            case JobAction::Kind::kStore:
                lines.push_back("store " + std::string(job_run_state_name(action.run.state)) +
                                " @" + std::to_string(action.run.occurrence_ms) +
                                (action.run.reason.empty() ? "" : " " + action.run.reason));
                break;
            case JobAction::Kind::kStart:
                lines.push_back("start " + std::to_string(action.run_id));
                break;
            case JobAction::Kind::kStop:
                lines.push_back("stop " + std::to_string(action.run_id) + " " + action.reason);
                break;
            case JobAction::Kind::kMarkMissed:
                lines.push_back("missed " + std::to_string(action.run_id) + " " + action.reason);
                break;
            case JobAction::Kind::kDelete:
                lines.push_back("delete " + std::to_string(action.run_id));
                break;
        }
    }
    return lines;
}

std::string at(int64_t ms) {
    return "@" + std::to_string(ms);
}

const std::string kPastDeadline = "not started within the starting deadline (1h)";

TEST(JobRunsTest, ADueOccurrenceIsStoredFirstAndStartedByTheNextDecision) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    const int64_t occurrence = utc_ms(2026, 12, 5, 3);

    JobDecision before = hub.tick(occurrence - 1);
    EXPECT_TRUE(before.actions.empty());
    EXPECT_EQ(before.wake_at_ms, occurrence);

    EXPECT_EQ(described(hub.tick(occurrence + 5)),
              (std::vector<std::string>{"store planned " + at(occurrence)}));
    EXPECT_EQ(described(hub.tick(occurrence + 6)), (std::vector<std::string>{"start 1"}));
    JobDecision running = hub.tick(occurrence + 7);
    EXPECT_TRUE(running.actions.empty());
    EXPECT_EQ(running.wake_at_ms, utc_ms(2026, 12, 6, 3));
    EXPECT_EQ(hub.run(1).state, JobRunState::kRunning);
    EXPECT_EQ(hub.run(1).started_ms, occurrence + 6);
}

TEST(JobRunsTest, AnOccurrenceIsNeverRunTwiceAcrossACrash) {
    FakeHub hub{policy_for("*/5 * * * *")};
    const int64_t occurrence = utc_ms(2026, 12, 5, 10, 5);
    hub.state.schedule_since_ms = occurrence - kMinuteMs;

    // The hub stores the planned run, then dies before starting it.
    hub.tick(occurrence);
    ASSERT_EQ(hub.runs.size(), 1u);
    // Restarted, it finds the planned run and starts it, once.
    EXPECT_EQ(described(hub.tick(occurrence + 30'000)), (std::vector<std::string>{"start 1"}));
    // Dies again after storing the start; the next hub neither restarts nor re-plans it.
    EXPECT_TRUE(hub.tick(occurrence + 60'000).actions.empty());
    EXPECT_EQ(hub.starts, 1);
    hub.exits(1, 0, occurrence + 2 * kMinuteMs);

    // A hub that dies in the middle of applying a decision: applying it again is harmless.
    const int64_t next = occurrence + 5 * kMinuteMs;
    JobDecision decision = decide_job_runs(hub.policy, hub.state, hub.runs, next);
    hub.apply(decision, next, 0);
    hub.apply(decide_job_runs(hub.policy, hub.state, hub.runs, next), next);
    hub.tick(next + 1);
    hub.tick(next + 2);
    EXPECT_EQ(hub.runs.size(), 2u);
    EXPECT_EQ(hub.starts, 2);
}

TEST(JobRunsTest, AMissedOccurrenceWithinTheStartingDeadlineRunsOnceOnRecovery) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    // The hub was down from 02:00 to 03:40.
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 3, 40))),
              (std::vector<std::string>{"store planned " + at(utc_ms(2026, 12, 5, 3))}));
    hub.tick(utc_ms(2026, 12, 5, 3, 41));
    EXPECT_EQ(hub.starts, 1);
}

TEST(JobRunsTest, AnOccurrenceBeyondTheStartingDeadlineIsRecordedMissed) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    // Down until 04:30: 90 minutes late.
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 4, 30))),
              (std::vector<std::string>{"store missed " + at(utc_ms(2026, 12, 5, 3)) + " " +
                                        kPastDeadline}));
    EXPECT_TRUE(hub.tick(utc_ms(2026, 12, 5, 4, 31)).actions.empty());
    EXPECT_EQ(hub.starts, 0);
    EXPECT_EQ(hub.count(JobRunState::kMissed), 1);
}

TEST(JobRunsTest, AfterAnOutageOnlyTheNewestOccurrenceRuns) {
    FakeHub hub{policy_for("0 * * * *")};
    hub.policy.starting_deadline_ms = 3 * kHourMs;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5, 0, 30);
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 5, 20))),
              (std::vector<std::string>{
                  "store missed " + at(utc_ms(2026, 12, 5, 1)) +
                      " not started within the starting deadline (3h)",
                  "store missed " + at(utc_ms(2026, 12, 5, 2)) +
                      " not started within the starting deadline (3h)",
                  "store missed " + at(utc_ms(2026, 12, 5, 3)) +
                      " not started before a later occurrence came due",
                  "store missed " + at(utc_ms(2026, 12, 5, 4)) +
                      " not started before a later occurrence came due",
                  "store planned " + at(utc_ms(2026, 12, 5, 5)),
              }));
}

TEST(JobRunsTest, ALongOutageRecordsNoMoreMissedRunsThanTheHistoryKeeps) {
    FakeHub hub{policy_for("* * * * *")};
    hub.policy.history = 5;
    hub.state.schedule_since_ms = utc_ms(2026, 11, 30, 23, 59, 30);
    hub.tick(utc_ms(2026, 12, 1, 0, 0, 30));  // the first minute's run
    hub.tick(utc_ms(2026, 12, 1, 0, 0, 31));
    hub.exits(1, 0, utc_ms(2026, 12, 1, 0, 0, 40));
    // Three days later: 5 stored (4 missed and the newest, planned); the old run is trimmed.
    JobDecision decision = hub.tick(utc_ms(2026, 12, 4, 0, 0, 10));
    EXPECT_EQ(hub.count(JobRunState::kMissed), 4);
    EXPECT_EQ(hub.count(JobRunState::kPlanned), 1);
    EXPECT_EQ(hub.runs.size(), 5u);
    EXPECT_EQ(described(decision).back(), "delete 1");
    EXPECT_EQ(hub.run(6).occurrence_ms, utc_ms(2026, 12, 4));
}

TEST(JobRunsTest, ForbidMakesAnOccurrenceWaitForTheActiveRun) {
    FakeHub hub{policy_for("0 */2 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 4, 23);
    hub.tick(utc_ms(2026, 12, 5, 0));
    hub.tick(utc_ms(2026, 12, 5, 0, 0, 1));  // run 1 starts, and is still running at 02:00
    JobDecision waiting = hub.tick(utc_ms(2026, 12, 5, 2));
    EXPECT_TRUE(waiting.actions.empty());
    EXPECT_EQ(waiting.wake_at_ms, utc_ms(2026, 12, 5, 3) + 1);  // starting deadline 1h
    // Run 1 ends at 02:10: the 02:00 occurrence starts late, within its starting deadline.
    hub.exits(1, 0, utc_ms(2026, 12, 5, 2, 10));
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 2, 10))),
              (std::vector<std::string>{"store planned " + at(utc_ms(2026, 12, 5, 2))}));
}

TEST(JobRunsTest, ForbidRecordsTheOccurrenceMissedWhenTheActiveRunOutlastsTheDeadline) {
    FakeHub hub{policy_for("0 */4 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 4, 23);
    hub.tick(utc_ms(2026, 12, 5, 0, 0, 1));
    hub.tick(utc_ms(2026, 12, 5, 0, 0, 2));
    EXPECT_TRUE(hub.tick(utc_ms(2026, 12, 5, 4, 30)).actions.empty());
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 5, 0, 1))),
              (std::vector<std::string>{"store missed " + at(utc_ms(2026, 12, 5, 4)) + " " +
                                        kPastDeadline}));
    EXPECT_EQ(hub.run(1).state, JobRunState::kRunning);
}

TEST(JobRunsTest, AllowRunsOverlappingRuns) {
    FakeHub hub{policy_for("0 * * * *")};
    hub.policy.concurrency = JobConcurrency::kAllow;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    hub.tick(utc_ms(2026, 12, 5, 1));
    hub.tick(utc_ms(2026, 12, 5, 1, 0, 1));
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 2))),
              (std::vector<std::string>{"store planned " + at(utc_ms(2026, 12, 5, 2))}));
    hub.tick(utc_ms(2026, 12, 5, 2, 0, 1));
    EXPECT_EQ(hub.count(JobRunState::kRunning), 2);
}

TEST(JobRunsTest, ReplaceStopsTheActiveRunForTheNewOne) {
    FakeHub hub{policy_for("0 * * * *")};
    hub.policy.concurrency = JobConcurrency::kReplace;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    hub.tick(utc_ms(2026, 12, 5, 1));
    hub.tick(utc_ms(2026, 12, 5, 1, 0, 1));
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 2))),
              (std::vector<std::string>{"stop 1 replaced",
                                        "store planned " + at(utc_ms(2026, 12, 5, 2))}));
    EXPECT_EQ(hub.run(1).state, JobRunState::kFailed);
    EXPECT_EQ(hub.run(1).reason, "replaced");
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 2, 0, 1))),
              (std::vector<std::string>{"start 2"}));
}

TEST(JobRunsTest, ReplaceAlsoEndsARunWaitingForARetry) {
    FakeHub hub{policy_for("0 * * * *")};
    hub.policy.concurrency = JobConcurrency::kReplace;
    hub.policy.retry.max_attempts = 5;
    hub.policy.retry.delay_ms = 30 * kMinuteMs;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    hub.tick(utc_ms(2026, 12, 5, 1));
    hub.tick(utc_ms(2026, 12, 5, 1, 0, 1));
    hub.exits(1, 1, utc_ms(2026, 12, 5, 1, 40));  // retry due at 02:10
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 2))),
              (std::vector<std::string>{"stop 1 replaced",
                                        "store planned " + at(utc_ms(2026, 12, 5, 2))}));
}

TEST(JobRunsTest, AFailedAttemptIsRetriedWhenItsBackoffEnds) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.policy.retry.max_attempts = 2;
    hub.policy.retry.delay_ms = 10'000;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    const int64_t t = utc_ms(2026, 12, 5, 3);
    hub.tick(t);
    hub.tick(t + 1'000);
    hub.exits(1, 3, t + 5'000);
    JobDecision waiting = hub.tick(t + 6'000);
    EXPECT_TRUE(waiting.actions.empty());
    EXPECT_EQ(waiting.wake_at_ms, t + 15'000);
    EXPECT_EQ(described(hub.tick(t + 15'000)), (std::vector<std::string>{"start 1"}));
    hub.exits(1, 3, t + 16'000);
    EXPECT_EQ(hub.tick(t + 17'000).wake_at_ms, t + 36'000);  // the wait doubled: 20 s
    EXPECT_EQ(described(hub.tick(t + 36'000)), (std::vector<std::string>{"start 1"}));
    hub.exits(1, 3, t + 37'000);
    EXPECT_EQ(hub.run(1).state, JobRunState::kFailed);
    EXPECT_EQ(hub.run(1).attempts, 3);
    EXPECT_EQ(hub.run(1).reason, "exit code 3");
    JobDecision after = hub.tick(t + 40'000);
    EXPECT_TRUE(after.actions.empty());
    EXPECT_EQ(after.wake_at_ms, utc_ms(2026, 12, 6, 3));
}

TEST(JobRunsTest, ARunPastItsDeadlineIsStoppedAndFailed) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.policy.deadline_ms = 30 * kMinuteMs;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    const int64_t t = utc_ms(2026, 12, 5, 3);
    hub.tick(t);
    hub.tick(t + 1'000);  // started at t + 1 s
    JobDecision early = hub.tick(t + 29 * kMinuteMs);
    EXPECT_TRUE(early.actions.empty());
    EXPECT_EQ(early.wake_at_ms, t + 1'000 + 30 * kMinuteMs);
    EXPECT_EQ(described(hub.tick(t + 1'000 + 30 * kMinuteMs)),
              (std::vector<std::string>{"stop 1 deadline"}));
    EXPECT_EQ(hub.run(1).state, JobRunState::kFailed);
    EXPECT_EQ(hub.run(1).reason, "deadline");
}

TEST(JobRunsTest, TheDeadlineCountsRetriesToo) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.policy.deadline_ms = 10 * kMinuteMs;
    hub.policy.retry.max_attempts = 3;
    hub.policy.retry.delay_ms = 8 * kMinuteMs;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    const int64_t t = utc_ms(2026, 12, 5, 3);
    hub.tick(t);
    hub.tick(t);
    hub.exits(1, 1, t + 5 * kMinuteMs);  // its retry would come at t + 13 min
    EXPECT_EQ(hub.tick(t + 6 * kMinuteMs).wake_at_ms, t + 10 * kMinuteMs);
    EXPECT_EQ(described(hub.tick(t + 10 * kMinuteMs)),
              (std::vector<std::string>{"stop 1 deadline"}));
}

TEST(JobRunsTest, APlannedRunFoundPastItsStartingDeadlineIsMissed) {
    FakeHub hub{policy_for("0 3 * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    hub.tick(utc_ms(2026, 12, 5, 3));  // stored, then the hub is down for two hours
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 5))),
              (std::vector<std::string>{"missed 1 " + kPastDeadline}));
    EXPECT_EQ(hub.starts, 0);
}

TEST(JobRunsTest, APlannedRunOvertakenByALaterOccurrenceIsMissed) {
    FakeHub hub{policy_for("*/10 * * * *")};
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5, 2, 55);
    hub.tick(utc_ms(2026, 12, 5, 3));  // stored, then the hub is down for 15 minutes
    EXPECT_EQ(described(hub.tick(utc_ms(2026, 12, 5, 3, 15))),
              (std::vector<std::string>{"missed 1 not started before a later occurrence came due",
                                        "store planned " + at(utc_ms(2026, 12, 5, 3, 10))}));
}

TEST(JobRunsTest, ASuspendedJobPlansNothingAndItsResumeSkipsThePause) {
    FakeHub hub{policy_for("0 * * * *")};
    hub.state.suspended = true;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    JobDecision suspended = hub.tick(utc_ms(2026, 12, 5, 5, 30));
    EXPECT_TRUE(suspended.actions.empty());
    EXPECT_EQ(suspended.wake_at_ms, std::nullopt);
    EXPECT_EQ(next_job_occurrence_ms(hub.policy, hub.state, utc_ms(2026, 12, 5, 5, 30)),
              std::nullopt);
    hub.state = {false, utc_ms(2026, 12, 5, 5, 30)};  // resumed
    JobDecision resumed = hub.tick(utc_ms(2026, 12, 5, 5, 31));
    EXPECT_TRUE(resumed.actions.empty());
    EXPECT_EQ(resumed.wake_at_ms, utc_ms(2026, 12, 5, 6));
    EXPECT_EQ(next_job_occurrence_ms(hub.policy, hub.state, utc_ms(2026, 12, 5, 5, 31)),
              utc_ms(2026, 12, 5, 6));
}

TEST(JobRunsTest, OnDemandRunsFollowTheConcurrencyPolicy) {
    JobPolicy policy;  // no schedule: runs only when asked
    std::vector<JobRun> runs;
    Result<JobDecision> first = request_job_run(policy, runs, 1'000);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->actions.size(), 1u);
    EXPECT_EQ(first->actions[0].run.trigger, JobRunTrigger::kOnDemand);
    EXPECT_EQ(first->actions[0].run.occurrence_ms, 1'000);

    JobRun active = job_attempt_started(first->actions[0].run, 1'000);
    active.id = 7;
    runs.push_back(active);
    EXPECT_EQ(request_job_run(policy, runs, 2'000).error().message,
              "run 7 is still running and the job's concurrency is forbid");
    policy.concurrency = JobConcurrency::kReplace;
    EXPECT_EQ(described(*request_job_run(policy, runs, 2'000)),
              (std::vector<std::string>{"stop 7 replaced", "store planned @2000"}));
    policy.concurrency = JobConcurrency::kAllow;
    EXPECT_EQ(described(*request_job_run(policy, runs, 2'000)),
              (std::vector<std::string>{"store planned @2000"}));
}

TEST(JobRunsTest, AnUnscheduledJobOnlyAdvancesItsRuns) {
    FakeHub hub;
    hub.policy.retry.max_attempts = 1;
    hub.policy.deadline_ms = kHourMs;
    hub.apply(*request_job_run(hub.policy, hub.runs, 1'000), 1'000);
    EXPECT_EQ(described(hub.tick(2'000)), (std::vector<std::string>{"start 1"}));
    JobDecision running = hub.tick(3'000);
    EXPECT_TRUE(running.actions.empty());
    EXPECT_EQ(running.wake_at_ms, 2'000 + kHourMs);  // only its deadline
    // An on-demand run that the hub stored long ago still starts: no starting deadline.
    FakeHub late;
    late.apply(*request_job_run(late.policy, late.runs, 1'000), 1'000);
    EXPECT_EQ(described(late.tick(1'000 + 5 * kHourMs)), (std::vector<std::string>{"start 1"}));
}

TEST(JobRunsTest, TheHistoryKeepsTheNewestRuns) {
    FakeHub hub{policy_for("*/5 * * * *")};
    hub.policy.history = 3;
    hub.state.schedule_since_ms = utc_ms(2026, 12, 5);
    for (int i = 1; i <= 5; ++i) {
        const int64_t occurrence = utc_ms(2026, 12, 5, 0, 5 * i);
        hub.tick(occurrence);
        hub.tick(occurrence + 1);
        hub.exits(hub.runs.back().id, 0, occurrence + 2);
    }
    hub.tick(utc_ms(2026, 12, 5, 0, 26));
    std::vector<int64_t> ids;
    for (const JobRun& run : hub.runs) ids.push_back(run.id);
    EXPECT_EQ(ids, (std::vector<int64_t>{3, 4, 5}));
}

// A night of ticks every minute in Paris: each occurrence runs exactly once through the
// daylight-saving changes.
int runs_through_night(const char* schedule, int64_t from, int64_t to) {
    FakeHub hub{policy_for(schedule)};
    hub.policy.zone = system_zone("Europe/Paris");
    hub.policy.concurrency = JobConcurrency::kAllow;
    hub.state.schedule_since_ms = from;
    for (int64_t now = from; now <= to; now += kMinuteMs) {
        hub.tick(now);
        hub.tick(now);  // starts what the first tick stored
        for (JobRun& run : hub.runs) {
            if (run.state == JobRunState::kRunning) hub.exits(run.id, 0, now);
        }
    }
    EXPECT_EQ(hub.count(JobRunState::kMissed), 0);
    return hub.starts;
}

TEST(JobRunsTest, DaylightSavingNightsRunEachOccurrenceOnce) {
    // Fall back: 02:30 comes twice in Paris on 2026-10-25 and runs once.
    EXPECT_EQ(runs_through_night("30 2 * * *", utc_ms(2026, 10, 24, 22), utc_ms(2026, 10, 25, 4)),
              1);
    // Hourly keeps real time: 00:00 .. 04:00 UTC is five runs, the repeated hour included.
    EXPECT_EQ(
        runs_through_night("0 * * * *", utc_ms(2026, 10, 24, 23, 30), utc_ms(2026, 10, 25, 4)), 5);
    // Spring forward: 02:30 never shows on 2026-03-29 and runs once, at 03:00 CEST.
    EXPECT_EQ(runs_through_night("30 2 * * *", utc_ms(2026, 3, 28, 22), utc_ms(2026, 3, 29, 4)), 1);
}

}  // namespace
}  // namespace edge
