// services.<name>.deploy: replicas, mode, memory limits and reservations, restart condition,
// placement constraints and update/rollback configs, as Compose's deploy specification spells them.
// A job's retry keys (restart_policy.max_attempts, delay) are only located here: whether the
// service is a job is known once its x-edge keys are read too (compose/fields/job_fields.h).
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// A memory size and where it was written, so that a conflict can name both places.
struct MemorySetting {
    int64_t bytes = 0;
    Value where;
};

struct DeploySettings {
    std::optional<int> replicas;
    std::optional<Value> replicas_at;
    bool global = false;  // mode global or global-job
    bool job = false;     // mode replicated-job or global-job
    std::optional<MemorySetting> memory_limit;
    std::optional<MemorySetting> memory_reservation;
    std::optional<RestartPolicy> restart;  // restart_policy.condition
    bool has_restart_policy = false;
    // restart_policy.max_attempts and delay, read for a job and warned about otherwise.
    std::optional<Value> max_attempts_at;
    std::optional<Value> delay_at;
    std::vector<Constraint> constraints;
    UpdateConfig update = default_update_config();
    UpdateConfig rollback = default_rollback_config();
    // The update_config or rollback_config block that asks for start-first, if any, so that a
    // service publishing host ports can be warned there (it is replaced stop-first).
    std::optional<Value> start_first_at;
};

Result<DeploySettings> parse_deploy(const Value& deploy);

// "512m", "1g", "1.5GiB" or a number of bytes.
Result<MemorySetting> parse_memory(const Value& value);

// "node.labels.disk==ssd", "node.hostname != pi3", "node.platform.arch==arm64",
// "node.class==low-power".
Result<Constraint> parse_constraint(const Value& item);

}  // namespace edge::compose
