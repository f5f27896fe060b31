#include "core/reconcile/action_batches.h"

#include <algorithm>
#include <string>

namespace edge {

namespace {

bool waits_for_service(const DesiredContainer& dependent, const DesiredContainer& dependency) {
    return dependent.stack == dependency.stack &&
           std::find(dependent.depends_on.begin(), dependent.depends_on.end(),
                     dependency.service) != dependent.depends_on.end();
}

// Whether `action` must wait for something already in `batch`.
bool must_wait(const ReconcileAction& action, const std::vector<ReconcileAction>& actions,
               const std::vector<size_t>& batch) {
    const ReconcileAction& first = actions[batch.front()];
    if (action.kind != first.kind) return true;
    for (size_t index : batch) {
        const ReconcileAction& other = actions[index];
        if (other.container_name == action.container_name) return true;
        if (action.kind != ReconcileAction::Kind::kCreate) continue;
        // Either way round: the order given keeps a dependency first, and so does the batch.
        if (waits_for_service(action.desired, other.desired) ||
            waits_for_service(other.desired, action.desired)) {
            return true;
        }
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
