#include "hub/state/liveness.h"

#include <algorithm>

namespace edge {

namespace {

LivenessInput liveness_input(const NodeRecord& node, const ObservedState& observed,
                             int64_t watching_since_ms) {
    LivenessInput input;
    input.state = node.state;
    input.state_since_ms = node.state_since_ms;
    input.online = node.online;
    input.last_heartbeat_ms = observed.last_report_ms(node.name);
    input.last_heard_ms = std::max({input.last_heartbeat_ms, node.last_seen_ms, watching_since_ms});
    const NodeReport* report = observed.latest(node.name);
    input.acknowledged_generation =
        report != nullptr && report->observed_generation >= node.generation;
    return input;
}

}  // namespace

Result<Outcome> update_liveness(HandlerContext& ctx, const LivenessConfig& config,
                                int64_t watching_since_ms, const std::string& only_node) {
    ClusterState next = ctx.state;
    std::vector<Event> events;
    for (auto& [name, node] : next.nodes) {
        if (!only_node.empty() && name != only_node) continue;
        auto transition = next_node_state(liveness_input(node, ctx.observed, watching_since_ms),
                                          ctx.now_ms, config);
        if (!transition) continue;
        node.state = transition->to;
        node.state_since_ms = ctx.now_ms;
        events.push_back({0, ctx.now_ms, "node", name,
                          std::string(to_string(transition->to)) + ": " + transition->why});
    }
    if (events.empty()) return Outcome{};
    return commit_state(ctx, std::move(next), std::move(events));
}

}  // namespace edge
