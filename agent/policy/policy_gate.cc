#include "agent/policy/policy_gate.h"

namespace edge {

std::vector<CreateFailure> withhold_refused_creates(const NodePolicy& policy,
                                                    std::vector<ReconcileAction>& actions) {
    std::vector<CreateFailure> refused;
    std::erase_if(actions, [&](const ReconcileAction& action) {
        if (action.kind != ReconcileAction::Kind::kCreate) return false;
        const DesiredContainer& want = action.desired;
        std::string refusal = policy_refusal(policy, want.runtime, want.volumes);
        if (refusal.empty()) return false;
        refused.push_back({want.stack, want.service, want.replica, want.spec_hash, refusal});
        return true;
    });
    return refused;
}

}  // namespace edge
