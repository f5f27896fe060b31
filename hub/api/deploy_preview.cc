#include "hub/api/deploy_preview.h"

#include "core/stack_diff.h"
#include "hub/state/replan.h"
#include "hub/store/rows.h"

namespace edge {

nlohmann::json preview_deploy(const HandlerContext& ctx, ClusterState next,
                              const std::string& stack) {
    Replanned replanned = replan(ctx.state, next, ctx.placement, ctx.now_ms);
    nlohmann::json plan = nlohmann::json::array();
    for (const Event& event : replanned.events) {
        if (event.subject == stack || event.subject.starts_with(stack + "/")) {
            plan.push_back(event.subject + ": " + event.message);
        }
    }
    nlohmann::json answer = stack_replicas_answer(next, ctx.observed, stack);
    auto current = ctx.state.stacks.find(stack);
    nlohmann::json changes =
        describe_stack_change(current == ctx.state.stacks.end() ? nullptr : &current->second.spec,
                              next.stacks.at(stack).spec);
    answer["stack"] = stack;
    answer["dry_run"] = true;
    answer["plan"] = std::move(plan);
    answer["changes"] = std::move(changes);
    return answer;
}

nlohmann::json stack_replicas_answer(const ClusterState& state, const ObservedState& observed,
                                     const std::string& stack) {
    std::vector<const ReplicaRecord*> all, pending;
    for (const auto& replica : state.replicas) {
        if (replica.key.stack != stack) continue;
        all.push_back(&replica);
        if (replica.node.empty()) pending.push_back(&replica);
    }
    std::vector<const ReplicaRecord*> listed = all;
    if (all.size() > kMaxListedReplicas) {
        // The pending ones first: they are what a person must act on.
        listed = pending;
        for (const ReplicaRecord* replica : all) {
            if (!replica->node.empty()) listed.push_back(replica);
        }
        listed.resize(kMaxListedReplicas);
    }
    nlohmann::json rows = nlohmann::json::array();
    DesiredNetworking networking(state);
    for (const ReplicaRecord* replica : listed) {
        rows.push_back(replica_row(state, observed, *replica, networking));
    }
    return {{"replicas", std::move(rows)},
            {"replica_count", all.size()},
            {"pending_count", pending.size()}};
}

}  // namespace edge
