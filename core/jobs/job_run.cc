#include "core/jobs/job_run.h"

#include <utility>

#include "core/reconcile/backoff.h"

namespace edge {

std::string_view job_run_state_name(JobRunState state) {
    switch (state) {
        case JobRunState::kPlanned:
            return "planned";
        case JobRunState::kRunning:
            return "running";
        case JobRunState::kRetryWait:
            return "retry-wait";
        case JobRunState::kSucceeded:
            return "succeeded";
        case JobRunState::kFailed:
            return "failed";
        case JobRunState::kMissed:
            return "missed";
    }
    return "failed";
}

std::optional<JobRunState> job_run_state_from(std::string_view name) {
    for (JobRunState state :
         {JobRunState::kPlanned, JobRunState::kRunning, JobRunState::kRetryWait,
          JobRunState::kSucceeded, JobRunState::kFailed, JobRunState::kMissed}) {
        if (job_run_state_name(state) == name) return state;
    }
    return std::nullopt;
}

std::string_view job_run_trigger_name(JobRunTrigger trigger) {
    return trigger == JobRunTrigger::kSchedule ? "schedule" : "on-demand";
}

std::optional<JobRunTrigger> job_run_trigger_from(std::string_view name) {
    if (name == "schedule") return JobRunTrigger::kSchedule;
    if (name == "on-demand") return JobRunTrigger::kOnDemand;
    return std::nullopt;
}

bool job_run_active(JobRunState state) {
    return state == JobRunState::kPlanned || state == JobRunState::kRunning ||
           state == JobRunState::kRetryWait;
}

JobRun planned_job_run(JobRunTrigger trigger, int64_t occurrence_ms) {
    JobRun run;
    run.trigger = trigger;
    run.occurrence_ms = occurrence_ms;
    run.state = JobRunState::kPlanned;
    return run;
}

JobRun missed_job_run(int64_t occurrence_ms, std::string reason, int64_t now_ms) {
    JobRun run = planned_job_run(JobRunTrigger::kSchedule, occurrence_ms);
    return job_run_missed(std::move(run), std::move(reason), now_ms);
}

JobRun job_attempt_started(JobRun run, int64_t now_ms) {
    if (run.attempts == 0) run.started_ms = now_ms;
    ++run.attempts;
    run.attempt_started_ms = now_ms;
    run.retry_at_ms = 0;
    run.state = JobRunState::kRunning;
    return run;
}

JobRun job_attempt_ended(JobRun run, const JobAttemptOutcome& outcome, const JobRetryPolicy& retry,
                         int64_t now_ms) {
    run.exit_code = outcome.exit_code;
    if (outcome.exit_code == 0 && outcome.reason.empty()) {
        run.state = JobRunState::kSucceeded;
        run.ended_ms = now_ms;
        run.reason.clear();
        return run;
    }
    run.reason = !outcome.reason.empty() ? outcome.reason
                 : outcome.exit_code     ? "exit code " + std::to_string(*outcome.exit_code)
                                         : "no exit code";
    const int retries_done = run.attempts - 1;
    if (!retry.max_attempts || retries_done < *retry.max_attempts) {
        // The first retry waits delay_ms, each further one twice the one before.
        run.state = JobRunState::kRetryWait;
        run.retry_at_ms =
            now_ms + capped_doubling(retry.delay_ms, retry.max_delay_ms, retries_done + 1);
        return run;
    }
    run.state = JobRunState::kFailed;
    run.ended_ms = now_ms;
    return run;
}

JobRun job_run_stopped(JobRun run, std::string reason, int64_t now_ms) {
    run.state = JobRunState::kFailed;
    run.reason = std::move(reason);
    run.ended_ms = now_ms;
    run.retry_at_ms = 0;
    return run;
}

JobRun job_run_missed(JobRun run, std::string reason, int64_t now_ms) {
    run.state = JobRunState::kMissed;
    run.reason = std::move(reason);
    run.ended_ms = now_ms;
    return run;
}

}  // namespace edge
