#include "core/jobs/run_history.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

JobRun history_run(int64_t id, JobRunState state,
                   JobRunTrigger trigger = JobRunTrigger::kSchedule) {
    JobRun out;
    out.id = id;
    out.state = state;
    out.trigger = trigger;
    out.occurrence_ms = id * 1'000;
    return out;
}

TEST(RunHistoryTest, DeletesTheOldestBeyondTheHistory) {
    std::vector<JobRun> runs;
    for (int64_t id = 25; id >= 1; --id) runs.push_back(history_run(id, JobRunState::kSucceeded));
    EXPECT_EQ(job_runs_to_delete(runs, 20), (std::vector<int64_t>{5, 4, 3, 2, 1}));
    EXPECT_EQ(job_runs_to_delete(runs, 25), (std::vector<int64_t>{}));
    // Runs about to be stored take their places.
    const std::vector<JobRun> adding = {history_run(0, JobRunState::kMissed),
                                        history_run(0, JobRunState::kPlanned)};
    EXPECT_EQ(job_runs_to_delete(runs, 20, adding), (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
}

TEST(RunHistoryTest, NeverDeletesActiveRunsOrTheNewestScheduledOne) {
    std::vector<JobRun> runs = {
        history_run(1, JobRunState::kRunning),
        history_run(2, JobRunState::kFailed),
        history_run(3, JobRunState::kSucceeded),
        history_run(4, JobRunState::kSucceeded, JobRunTrigger::kOnDemand),
        history_run(5, JobRunState::kSucceeded, JobRunTrigger::kOnDemand),
    };
    // Keeping 2: runs 5 and 4 are newest; 3 is the newest scheduled run; 1 is still running.
    EXPECT_EQ(job_runs_to_delete(runs, 2), (std::vector<int64_t>{2}));
    EXPECT_EQ(job_runs_to_delete(runs, 0), (std::vector<int64_t>{5, 4, 2}));
    // A scheduled run about to be stored takes over marking the last occurrence handled.
    EXPECT_EQ(job_runs_to_delete(runs, 2, {history_run(0, JobRunState::kMissed)}),
              (std::vector<int64_t>{4, 3, 2}));
    // An on-demand one does not.
    EXPECT_EQ(job_runs_to_delete(runs, 2,
                                 {history_run(0, JobRunState::kPlanned, JobRunTrigger::kOnDemand)}),
              (std::vector<int64_t>{4, 2}));
}

}  // namespace
}  // namespace edge
