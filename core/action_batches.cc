#include "core/action_batches.h"

#include <algorithm>
#include <string>

namespace edge {

namespace {

// Whether `action` must wait for something already in `batch`.
bool must_wait(const ReconcileAction& action, const std::vector<ReconcileAction>& actions,
               const std::vector<size_t>& batch) {
    const ReconcileAction& first = actions[batch.front()];
    if (action.kind != first.kind) return true;
    for (size_t index : batch) {
        const ReconcileAction& other = actions[index];
        if (other.container_name == action.container_name) return true;
        if (action.kind != ReconcileAction::Kind::kCreate) continue;
        const DesiredContainer& want = action.desired;
        if (other.desired.stack != want.stack) continue;
        bool depends = std::find(want.depends_on.begin(), want.depends_on.end(),
                                 other.desired.service) != want.depends_on.end();
        if (depends) return true;
    }
    return false;
}

}  // namespace

std::vector<std::vector<size_t>> concurrent_batches(const std::vector<ReconcileAction>& actions) {
    std::vector<std::vector<size_t>> batches;
    for (size_t i = 0; i < actions.size(); ++i) {
        if (batches.empty() || must_wait(actions[i], actions, batches.back())) {
            batches.push_back({i});
        } else {
            batches.back().push_back(i);
        }
    }
    return batches;
}

}  // namespace edge
