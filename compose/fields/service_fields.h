// The simple per-service keys: command and entrypoint, environment, restart and x-edge.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compose/fields/job_fields.h"
#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// A string, split as a shell splits simple words, or a list of strings.
Result<std::vector<std::string>> parse_command(const Value& value);

// A list of "VAR=value" / "VAR" items, or a map of VAR: value. Numbers and booleans keep
// the text they were written with; a bare VAR takes its value from the parse's variables and
// is left out when they do not have it.
Status parse_environment(const Value& value, std::map<std::string, std::string>& environment);

// `restart:` no, always, on-failure[:N] or unless-stopped.
Result<RestartPolicy> parse_restart(const Value& value);

// `x-edge:` {class: database|stateless, allow-low-power: bool, http-check: {...},
// stop-after-disconnect: DURATION, memory: auto|recommend|fixed}, and the job keys
// (job_fields.h), which go to `job` until the service is known to be a job.
Status parse_x_edge(const Value& value, ServiceSpec& spec, JobDeclarations& job);

}  // namespace edge::compose
