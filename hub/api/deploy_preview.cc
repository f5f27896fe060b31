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
    nlohmann::json replicas = nlohmann::json::array();
    DesiredNetworking networking(next);
    for (const auto& replica : next.replicas) {
        if (replica.key.stack == stack) {
            replicas.push_back(replica_row(next, ctx.observed, replica, networking));
        }
    }
    auto current = ctx.state.stacks.find(stack);
    nlohmann::json changes =
        describe_stack_change(current == ctx.state.stacks.end() ? nullptr : &current->second.spec,
                              next.stacks.at(stack).spec);
    return {{"stack", stack},
            {"replicas", replicas},
            {"dry_run", true},
            {"plan", plan},
            {"changes", changes}};
}

}  // namespace edge
