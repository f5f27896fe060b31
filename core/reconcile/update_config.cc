#include "core/reconcile/update_config.h"

namespace edge {

const char* to_string(UpdateConfig::Order order) {
    return order == UpdateConfig::Order::kStartFirst ? "start-first" : "stop-first";
}

const char* to_string(UpdateConfig::FailureAction action) {
    switch (action) {
        case UpdateConfig::FailureAction::kPause:
            return "pause";
        case UpdateConfig::FailureAction::kRollback:
            return "rollback";
        case UpdateConfig::FailureAction::kContinue:
            return "continue";
    }
    return "pause";
}

}  // namespace edge
