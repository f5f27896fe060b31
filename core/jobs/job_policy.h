// What a job asks of the scheduler: its schedule (or none, for a job run on demand), what to do
// when runs would overlap, how late a scheduled run may still start, how long a run may take,
// how failed attempts are retried, and how many runs the history keeps. Filled from a
// service's `x-edge` (schedule, timezone, concurrency, starting-deadline, deadline, history)
// and `deploy.restart_policy` (max_attempts, delay). Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/jobs/cron_schedule.h"
#include "core/jobs/time_zone.h"
#include "core/result.h"

namespace edge {

// What happens when an occurrence is due while an earlier run of the job is still active.
enum class JobConcurrency {
    // The occurrence waits for the active run to end, and runs then if that is within its
    // starting deadline (else it is recorded as missed). The default: two overlapping runs of
    // a backup or a cleanup rarely do any good.
    kForbid,
    kAllow,    // both run
    kReplace,  // the active run is stopped (failed, reason "replaced") and the new one starts
};

Result<JobConcurrency> parse_job_concurrency(std::string_view text);
std::string_view job_concurrency_name(JobConcurrency concurrency);

// Bounds a job's settings are held to wherever they are read (a Compose file, a message):
// the runs its history keeps and the retries of a run.
inline constexpr int kMaxJobHistory = 1000;
inline constexpr int kMaxJobAttempts = 1000;

struct JobRetryPolicy {
    // Retries after a failed attempt, as Compose's deploy.restart_policy.max_attempts counts
    // them (a run makes at most 1 + max_attempts attempts); none: no limit but the deadline.
    std::optional<int> max_attempts = 0;
    // The wait before the first retry; it doubles with each further retry, up to max_delay_ms.
    int64_t delay_ms = 10'000;
    int64_t max_delay_ms = 600'000;
};

struct JobPolicy {
    std::optional<CronSchedule> schedule;  // none: runs only when asked
    TimeZone zone = TimeZone::utc();       // the schedule's wall clock
    JobConcurrency concurrency = JobConcurrency::kForbid;
    // How late after its occurrence a scheduled run may still start (e.g. after the hub was
    // down); later than that it is recorded as missed.
    int64_t starting_deadline_ms = 3'600'000;
    // How long a run may take from its first start, retries included; 0: no limit.
    int64_t deadline_ms = 0;
    JobRetryPolicy retry;
    int history = 20;  // runs kept per job
};

}  // namespace edge
