// The hub's answers to the job requests (ops and shapes: schema/requests.h, docs/jobs.md):
// job.ls, job.runs and job.logs read; job.run asks for a run now (started by the next pass of
// the job driver); job.suspend and job.resume stop and restart the job's schedule.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

bool is_job_op(const std::string& op);
bool is_read_only_job_op(const std::string& op);
Outcome handle_job_request(HandlerContext& ctx, const std::string& op, const nlohmann::json& args);

}  // namespace edge
