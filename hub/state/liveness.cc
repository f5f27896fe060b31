#include "hub/state/liveness.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace edge {

namespace {

LivenessInput liveness_input(const NodeRecord& node, const ObservedState& observed,
                             int64_t watching_since_ms) {
    LivenessInput input;
    input.state = node.state;
    input.state_since_ms = node.state_since_ms;
    input.online = node.online;
    input.last_heartbeat_ms = observed.last_report_ms(node.name);
    // A report still queued behind a busy hub is a sign of life too: judged by handled reports
    // alone, a hub slowed by a burst would call its nodes unreachable and make more work.
    // Coming back still needs a handled report (is_back in core/nodes/node_liveness.cc).
    input.last_heard_ms = std::max(
        {observed.last_arrival_ms(node.name), node.last_seen_ms, watching_since_ms});
    const NodeReport* report = observed.latest(node.name);
    input.acknowledged_generation =
        report != nullptr && report->observed_generation >= node.generation;
    return input;
}

}  // namespace

Result<Outcome> update_liveness(HandlerContext& ctx, const LivenessConfig& config,
                                int64_t watching_since_ms, const std::string& only_node) {
    // Judged on the current state first: the copy to commit is made only when a node changes
    // state. Every report is judged, and copying 10,000 replicas for each of 1,000 nodes'
    // reports was most of the hub's work after a deploy.
    std::vector<std::pair<std::string, NodeTransition>> transitions;
    auto judge = [&](const std::string& name, const NodeRecord& node) {
        auto transition = next_node_state(liveness_input(node, ctx.observed, watching_since_ms),
                                          ctx.now_ms, config);
        if (transition) transitions.emplace_back(name, std::move(*transition));
    };
    if (only_node.empty()) {
        for (const auto& [name, node] : ctx.state.nodes) judge(name, node);
    } else if (auto node = ctx.state.nodes.find(only_node); node != ctx.state.nodes.end()) {
        judge(only_node, node->second);
    }
    if (transitions.empty()) return Outcome{};
    ClusterState next = ctx.state;
    std::vector<Event> events;
    for (const auto& [name, transition] : transitions) {
        NodeRecord& node = next.nodes.at(name);
        node.state = transition.to;
        node.state_since_ms = ctx.now_ms;
        events.push_back({0, ctx.now_ms, "node", name,
                          std::string(to_string(transition.to)) + ": " + transition.why});
    }
    return commit_state(ctx, std::move(next), std::move(events));
}

}  // namespace edge
