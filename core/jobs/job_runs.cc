#include "core/jobs/job_runs.h"

#include <algorithm>
#include <deque>

#include "core/jobs/cron_next.h"
#include "core/jobs/run_history.h"
#include "core/reconcile/health.h"

namespace edge {
namespace {

void wake_by(JobDecision& decision, int64_t at_ms) {
    if (!decision.wake_at_ms || at_ms < *decision.wake_at_ms) decision.wake_at_ms = at_ms;
}

constexpr const char* kSupersededReason = "not started before a later occurrence came due";

std::string past_starting_deadline(const JobPolicy& policy) {
    return "not started within the starting deadline (" +
           format_compose_duration(policy.starting_deadline_ms) + ")";
}

JobAction job_action(JobAction::Kind kind, int64_t run_id, std::string reason = {}) {
    JobAction out;
    out.kind = kind;
    out.run_id = run_id;
    out.reason = std::move(reason);
    return out;
}

JobAction store_run(JobRun run) {
    JobAction out;
    out.kind = JobAction::Kind::kStore;
    out.run = std::move(run);
    return out;
}

// The occurrences that came due since the stored runs: those to record as missed, and the
// newest if it may still start.
struct DueOccurrences {
    std::vector<JobRun> missed;
    std::optional<int64_t> to_run;
};

// The last occurrence the stored runs account for.
int64_t handled_until(const JobScheduleState& state, const std::vector<JobRun>& runs) {
    int64_t until = state.schedule_since_ms;
    for (const JobRun& run : runs) {
        if (run.trigger == JobRunTrigger::kSchedule) until = std::max(until, run.occurrence_ms);
    }
    return until;
}

DueOccurrences due_occurrences(const JobPolicy& policy, const JobScheduleState& state,
                               const std::vector<JobRun>& runs, int64_t now_ms,
                               JobDecision& decision) {
    DueOccurrences out;
    if (!policy.schedule || state.suspended) return out;
    const int64_t handled = handled_until(state, runs);
    std::optional<int64_t> upcoming =
        next_cron_run_ms(*policy.schedule, policy.zone, std::max(handled, now_ms));
    if (upcoming) wake_by(decision, *upcoming);

    // Only the newest `history` are kept: the history would drop the others at once.
    const size_t keep = static_cast<size_t>(std::max(policy.history, 1));
    std::deque<int64_t> due;
    int64_t after = std::max(handled, now_ms - kJobMaxLookbackMs);
    while (true) {
        std::optional<int64_t> next = next_cron_run_ms(*policy.schedule, policy.zone, after);
        if (!next || *next > now_ms) break;
        due.push_back(*next);
        if (due.size() > keep) due.pop_front();
        after = *next;
    }
    if (due.empty()) return out;
    const int64_t newest = due.back();
    due.pop_back();
    for (int64_t older : due) {
        out.missed.push_back(missed_job_run(older,
                                            now_ms - older > policy.starting_deadline_ms
                                                ? past_starting_deadline(policy)
                                                : kSupersededReason,
                                            now_ms));
    }
    if (now_ms - newest > policy.starting_deadline_ms) {
        out.missed.push_back(missed_job_run(newest, past_starting_deadline(policy), now_ms));
    } else {
        out.to_run = newest;
    }
    return out;
}

// Ends the active runs that are over whatever else happens: planned runs too late to start,
// and runs past their deadline. Returns the others.
std::vector<const JobRun*> end_overdue_runs(const JobPolicy& policy,
                                            const std::vector<JobRun>& runs,
                                            const DueOccurrences& due, int64_t now_ms,
                                            JobDecision& decision) {
    std::vector<const JobRun*> going_on;
    for (const JobRun& run : runs) {
        if (!job_run_active(run.state)) continue;
        if (run.state == JobRunState::kPlanned) {
            if (run.trigger == JobRunTrigger::kSchedule &&
                now_ms - run.occurrence_ms > policy.starting_deadline_ms) {
                decision.actions.push_back(job_action(JobAction::Kind::kMarkMissed, run.id,
                                                      past_starting_deadline(policy)));
                continue;
            }
            // Planned, not started, and a later occurrence is due: only the newest runs.
            if (run.trigger == JobRunTrigger::kSchedule && due.to_run &&
                run.occurrence_ms < *due.to_run) {
                decision.actions.push_back(
                    job_action(JobAction::Kind::kMarkMissed, run.id, kSupersededReason));
                continue;
            }
        } else if (policy.deadline_ms > 0) {
            const int64_t deadline_at = run.started_ms + policy.deadline_ms;
            if (now_ms >= deadline_at) {
                decision.actions.push_back(job_action(JobAction::Kind::kStop, run.id, "deadline"));
                continue;
            }
            wake_by(decision, deadline_at);
        }
        going_on.push_back(&run);
    }
    return going_on;
}

// Starts what is due among the runs that go on: planned runs, and retries whose time came.
void start_due_attempts(const std::vector<const JobRun*>& going_on, int64_t now_ms,
                        JobDecision& decision) {
    for (const JobRun* run : going_on) {
        const bool due = run->state == JobRunState::kPlanned ||
                         (run->state == JobRunState::kRetryWait && run->retry_at_ms <= now_ms);
        if (due) {
            decision.actions.push_back(job_action(JobAction::Kind::kStart, run->id));
        } else if (run->state == JobRunState::kRetryWait) {
            wake_by(decision, run->retry_at_ms);
        }
    }
}

void trim_history(const JobPolicy& policy, const std::vector<JobRun>& runs, JobDecision& decision) {
    std::vector<JobRun> adding;
    for (const JobAction& action : decision.actions) {
        if (action.kind == JobAction::Kind::kStore) adding.push_back(action.run);
    }
    for (int64_t id : job_runs_to_delete(runs, policy.history, adding)) {
        decision.actions.push_back(job_action(JobAction::Kind::kDelete, id));
    }
}

std::vector<JobRun> by_id(std::vector<JobRun> runs) {
    std::sort(runs.begin(), runs.end(),
              [](const JobRun& a, const JobRun& b) { return a.id < b.id; });
    return runs;
}

}  // namespace

JobDecision decide_job_runs(const JobPolicy& policy, const JobScheduleState& state,
                            const std::vector<JobRun>& stored, int64_t now_ms) {
    const std::vector<JobRun> runs = by_id(stored);
    JobDecision decision;
    DueOccurrences due = due_occurrences(policy, state, runs, now_ms, decision);
    std::vector<const JobRun*> going_on = end_overdue_runs(policy, runs, due, now_ms, decision);
    for (JobRun& missed : due.missed) decision.actions.push_back(store_run(std::move(missed)));

    if (due.to_run && !going_on.empty()) {
        switch (policy.concurrency) {
            case JobConcurrency::kForbid:
                // The occurrence waits for the active runs; past its starting deadline a later
                // decision records it as missed.
                wake_by(decision, *due.to_run + policy.starting_deadline_ms + 1);
                due.to_run.reset();
                break;
            case JobConcurrency::kReplace:
                for (const JobRun* run : going_on) {
                    decision.actions.push_back(
                        job_action(JobAction::Kind::kStop, run->id, "replaced"));
                }
                going_on.clear();
                break;
            case JobConcurrency::kAllow:
                break;
        }
    }
    start_due_attempts(going_on, now_ms, decision);
    if (due.to_run) {
        decision.actions.push_back(
            store_run(planned_job_run(JobRunTrigger::kSchedule, *due.to_run)));
    }
    trim_history(policy, runs, decision);
    return decision;
}

Result<JobDecision> request_job_run(const JobPolicy& policy, const std::vector<JobRun>& stored,
                                    int64_t now_ms) {
    const std::vector<JobRun> runs = by_id(stored);
    JobDecision decision;
    for (const JobRun& run : runs) {
        if (!job_run_active(run.state)) continue;
        if (policy.concurrency == JobConcurrency::kForbid) {
            return make_error("run " + std::to_string(run.id) + " is still " +
                              std::string(job_run_state_name(run.state)) +
                              " and the job's concurrency is forbid");
        }
        if (policy.concurrency == JobConcurrency::kReplace) {
            decision.actions.push_back(job_action(JobAction::Kind::kStop, run.id, "replaced"));
        }
    }
    decision.actions.push_back(store_run(planned_job_run(JobRunTrigger::kOnDemand, now_ms)));
    trim_history(policy, runs, decision);
    return decision;
}

std::optional<int64_t> next_job_occurrence_ms(const JobPolicy& policy,
                                              const JobScheduleState& state, int64_t now_ms) {
    if (!policy.schedule || state.suspended) return std::nullopt;
    return next_cron_run_ms(*policy.schedule, policy.zone,
                            std::max(now_ms, state.schedule_since_ms));
}

}  // namespace edge
