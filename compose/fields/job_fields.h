// What makes a service a job (docs/jobs.md) and the job's policy: `deploy.mode: replicated-job`
// or `global-job`, or an x-edge `schedule` on any service; the x-edge keys schedule, timezone,
// concurrency, starting-deadline, deadline and history; and deploy.restart_policy's condition,
// max_attempts and delay as the retries of a failed attempt. The x-edge keys are read with the
// others, before it is known whether the service is a job; finish_job then decides.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/fields/deploy_parser.h"
#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// The x-edge job keys of one service, as read.
struct JobDeclarations {
    JobSpec job;  // the keys applied over JobSpec's defaults
    bool scheduled = false;
    // Where each job key other than `schedule` was written: an error on a service that is
    // not a job.
    std::vector<Value> keys_at;
};

bool is_job_x_edge_key(const std::string& key);

// Reads one x-edge job key (is_job_x_edge_key) into `declared`.
Status parse_job_x_edge_key(const Entry& entry, JobDeclarations& declared);

// Sets spec.job for a job, with its retries from deploy.restart_policy, its completions
// (ServiceSpec::replicas, at least 1) and the restart policy `no`: the hub retries a failed
// attempt, not the engine. For a service that is not a job, the job keys are errors and the
// retry keys are ignored with a warning, as before jobs existed. Errors go to the context.
void finish_job(const JobDeclarations& declared, const DeploySettings& deploy, ServiceSpec& spec,
                ParseContext& context);

}  // namespace edge::compose
