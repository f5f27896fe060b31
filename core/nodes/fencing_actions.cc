#include "core/nodes/fencing_actions.h"

#include <algorithm>

namespace edge {

int hold_starts(std::vector<ReconcileAction>& actions) {
    auto held = std::erase_if(actions, [](const ReconcileAction& action) {
        return action.kind != ReconcileAction::Kind::kRemove;
    });
    return static_cast<int>(held);
}

DesiredSet without_cut_off(const DesiredSet& desired, int64_t out_of_touch_ms) {
    DesiredSet kept = desired;
    std::erase_if(kept.containers, [&](const DesiredContainer& container) {
        return container.stop_after_disconnect_ms > 0 &&
               out_of_touch_ms > container.stop_after_disconnect_ms;
    });
    return kept;
}

}  // namespace edge
