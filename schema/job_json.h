// JSON of a job's policy (JobSpec, docs/jobs.md) inside a service object: "job", written only
// for a job, so a service that is not one keeps the JSON (and the stored spec) it had before
// jobs existed.
//   "job": {"schedule": "0 3 * * *" | "", "timezone": "Europe/Paris" | "",
//           "concurrency": "forbid" | "allow" | "replace", "starting_deadline_ms": int,
//           "deadline_ms": int (0: none), "history": int, "max_attempts": int | null (no limit),
//           "retry_delay_ms": int}
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/result.h"
#include "schema/json_reader.h"

namespace edge {

nlohmann::json job_to_json(const JobSpec& job);
// Checks every field's type and range, the schedule's syntax and the zone name's form (the
// zone itself is loaded by the hub).
Result<JobSpec> job_from_json(const nlohmann::json& object);

// Adds "job" to a service object when the service is a job.
void put_job(nlohmann::json& service, const std::optional<JobSpec>& job);
// Reads "job" back when present; errors go to the reader.
void read_job(JsonReader& service, std::optional<JobSpec>& job);

}  // namespace edge
