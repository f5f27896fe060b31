// How a changed service is rolled out to its replicas, as Compose's deploy.update_config and
// deploy.rollback_config spell it. Plain values shared by the spec model, the hub's rollout
// driver (core/reconcile/rollout.h) and the Compose parser.
// Thread-safety: plain value types.
#pragma once

#include <cstdint>

namespace edge {

struct UpdateConfig {
    enum class Order {
        kStopFirst,   // stop the old container, then start the new one (no extra memory)
        kStartFirst,  // start the new container and remove the old one once it is up
    };
    enum class FailureAction {
        kPause,     // stop switching replicas; a person redeploys or rolls back
        kRollback,  // return every replica to the previous spec
        kContinue,  // count the failure and go on
    };
    int parallelism = 1;        // replicas switched at once; 0 means all of them
    int64_t delay_ms = 0;       // wait between one batch settling and the next starting
    int64_t monitor_ms = 5000;  // a switched replica must stay up this long to count as updated
    Order order = Order::kStopFirst;
    FailureAction failure_action = FailureAction::kPause;
    double max_failure_ratio = 0;  // failed replicas tolerated, as a fraction of all of them
    bool operator==(const UpdateConfig&) const = default;
};

// Swarm's defaults for update_config: one replica at a time, pause on failure.
inline UpdateConfig default_update_config() {
    return {};
}

// The default for rollback_config: every replica at once. The previous spec is the one that
// worked, and a failed rollout usually has replicas that serve nothing, so speed wins.
inline UpdateConfig default_rollback_config() {
    UpdateConfig config;
    config.parallelism = 0;
    return config;
}

const char* to_string(UpdateConfig::Order order);
const char* to_string(UpdateConfig::FailureAction action);

}  // namespace edge
