// services.<name>.deploy.update_config and deploy.rollback_config: parallelism, delay, order,
// failure_action, monitor and max_failure_ratio, as Compose's deploy specification spells them.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include "compose/yaml_value.h"
#include "core/reconcile/update_config.h"

namespace edge::compose {

// Starts from `defaults` (update_config's or rollback_config's) and applies what is written.
// `allow_rollback` is false for rollback_config: a rollback has nothing older to return to.
Result<UpdateConfig> parse_update_config(const Value& block, UpdateConfig defaults,
                                         bool allow_rollback);

}  // namespace edge::compose
