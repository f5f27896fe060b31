// The pure parts of `edgectl job` (edgectl/commands/job.cc): the STACK/SERVICE a command names,
// the tables of job.ls and job.runs, and what `job run` shows while it waits for a run. The
// answers' shapes are in schema/requests.h; a missing or mistyped field shows as a default.
// Thread-safety: stateless.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace edge::ctl {

struct JobRef {
    std::string stack;
    std::string service;
    bool operator==(const JobRef&) const = default;
};

// "STACK/SERVICE" -> {stack, service}; a job is always named with its stack.
Result<JobRef> parse_job_ref(const std::string& text);

// job.ls's data: JOB, SCHEDULE, LAST, NEXT, SUCCESS, ACTIVE.
std::string render_jobs(const nlohmann::json& data, int64_t now_ms);
// job.runs's data: RUN, TRIGGER, OCCURRENCE, STATE, ATTEMPTS, STARTED, DURATION, EXIT, NODES,
// REASON. OCCURRENCE is in local time.
std::string render_job_runs(const nlohmann::json& data, int64_t now_ms);

// The run with this id in job.runs's data, or null when it is not there (yet).
nlohmann::json find_job_run(const nlohmann::json& data, int64_t id);
// Whether a run has ended: succeeded, failed or missed.
bool job_run_ended(const nlohmann::json& run);
// One line of a run's progress, free of clock times so that it changes only when the run does:
// "run 12: running, attempt 1 on pi-1", "run 12: failed, attempt 3, exit 1, deadline".
std::string job_run_progress(const nlohmann::json& run);

}  // namespace edge::ctl
