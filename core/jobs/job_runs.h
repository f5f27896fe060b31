// The run state machine of one job: given its policy, its stored runs and the time, what the
// hub must do now. Pure: time is passed in and the answer is a list of plain actions.
//
// - A scheduled occurrence is due once its time has come. The newest due occurrence is run if
//   it is still within the starting deadline; older ones that never ran (the hub was down, or
//   an earlier run was still active under "forbid") are recorded as missed.
// - An occurrence is never run twice: the first decision stores it as a planned run (kStore);
//   only a later decision, which sees the stored record, starts it (kStart), so a hub that
//   crashes in between finds it planned and starts it once. A planned run found past its
//   starting deadline is marked missed instead.
// - A failed attempt is retried at its retry time (job_run.h has the backoff).
// - A run past its deadline, counted from its first start, is stopped and failed, reason
//   "deadline".
// - Runs beyond the history size are deleted (run_history.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job_policy.h"
#include "core/jobs/job_run.h"
#include "core/result.h"

namespace edge {

struct JobScheduleState {
    bool suspended = false;  // `edgectl job suspend`: no new scheduled runs; active ones go on
    // When the schedule took effect: the job's creation, a change of its schedule or its
    // resume. Occurrences at or before it are neither run nor recorded as missed.
    int64_t schedule_since_ms = 0;
    bool operator==(const JobScheduleState&) const = default;
};

struct JobAction {
    enum class Kind {
        kStore,       // store `run` as a new record: a planned run, or a missed occurrence
        kStart,       // store job_attempt_started for run `run_id`, then start its container
        kStop,        // stop run `run_id`'s container if any; store job_run_stopped(`reason`)
        kMarkMissed,  // store job_run_missed(`reason`) for the planned run `run_id`
        kDelete,      // delete run `run_id` from the history
    };
    Kind kind = Kind::kStore;
    int64_t run_id = 0;
    JobRun run;
    std::string reason;
};

struct JobDecision {
    std::vector<JobAction> actions;  // in the order to apply them
    // Decide again by then (a retry, a deadline, an occurrence), unless something happens first.
    std::optional<int64_t> wake_at_ms;
};

// Occurrences older than this are neither run nor recorded: they would only fill the history
// with missed runs after a long outage, and the history keeps the newest anyway.
inline constexpr int64_t kJobMaxLookbackMs = 31LL * 86'400'000;

JobDecision decide_job_runs(const JobPolicy& policy, const JobScheduleState& state,
                            const std::vector<JobRun>& runs, int64_t now_ms);

// A run asked for now (`edgectl job run`, or the deploy of a one-off job). Under "forbid" an
// active run makes it an error naming that run; under "replace" the active runs are stopped.
Result<JobDecision> request_job_run(const JobPolicy& policy, const std::vector<JobRun>& runs,
                                    int64_t now_ms);

// The next scheduled occurrence after now, for `edgectl job ls`; none if the job has no
// schedule or is suspended.
std::optional<int64_t> next_job_occurrence_ms(const JobPolicy& policy,
                                              const JobScheduleState& state, int64_t now_ms);

}  // namespace edge
