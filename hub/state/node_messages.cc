#include "hub/state/node_messages.h"

#include "core/memory/memsize.h"
#include "core/nodes/facts_plausibility.h"
#include "hub/memory/memory_reports.h"
#include "hub/notify/insight_events.h"

namespace edge {

namespace {

std::string describe(const NodeFacts& facts) {
    std::string text = format_memory_size(facts.memory_total) + ", " + facts.arch + ", " +
                       std::to_string(facts.cpus) + " CPU(s), " + to_string(facts.storage) +
                       " storage";
    if (!facts.model.empty()) text += ", " + facts.model;
    // The address consumers on other nodes are sent to (docs/networking.md).
    if (!facts.address.empty()) text += ", address " + facts.address;
    return text;
}

}  // namespace

Result<Outcome> handle_status(HandlerContext& ctx, const NodeStatus& status) {
    ClusterState next = ctx.state;
    auto existing = ctx.state.nodes.find(status.node);
    bool known = existing != ctx.state.nodes.end();
    NodeRecord& node = next.nodes[status.node];
    std::vector<Event> events;
    auto event = [&](const std::string& message) {
        events.push_back({0, ctx.now_ms, "node", status.node, message});
    };

    if (!known) {
        node.name = status.node;
        // The first desired set a node gets is generation 1; 0 means "never told anything".
        node.generation = 1;
        // A new node has nothing stale to stop, so it is ready at once; one never seen online
        // is not.
        node.state = status.online ? NodeState::kReady : NodeState::kUnreachable;
        node.state_since_ms = ctx.now_ms;
    }
    bool came_online = status.online && (!known || !existing->second.online);
    if (status.online) {
        if (!known) {
            event("joined: " + describe(status.facts));
        } else if (existing->second.facts != status.facts) {
            event("facts changed: " + describe(status.facts));
        }
        // Facts no machine could have mean a lying or broken node: it gets nothing placed until
        // its owner looks (node activate), and it is drained again at its next status while the
        // claim stands.
        std::string implausible = implausible_facts(status.facts);
        if (!implausible.empty() && !node.drained) {
            node.drained = true;
            event("drained: its facts cannot be true (" + implausible +
                  "); check the node, then `edgectl node activate " + status.node + "`");
        }
        if (known && came_online && node.state != NodeState::kReady) {
            // Fencing: it is ready only once it has applied the set it is about to get.
            event("connected; ready once it applies generation " + std::to_string(node.generation));
        }
        node.facts = status.facts;
    } else if (!known) {
        event("seen offline before it ever joined");
    }
    // Going offline is reported by the liveness check, as the transition to unreachable.
    node.online = status.online;
    node.last_seen_ms = ctx.now_ms;

    // Liveness (hub/state/liveness.h) turns the online flag into state changes; here only a new
    // node or new facts change what placement sees.
    bool placement_inputs_changed =
        !known || existing->second.facts != node.facts || existing->second.drained != node.drained;
    auto committed =
        commit_state(ctx, std::move(next), std::move(events), placement_inputs_changed);
    if (!committed) return committed.error();
    if (came_online) committed->publish_nodes.insert(status.node);
    return committed;
}

namespace {

// Generation bookkeeping for a report that is already recorded.
Result<Outcome> check_report_generation(HandlerContext& ctx, const NodeReport& report) {
    auto node = ctx.state.nodes.find(report.node);
    if (node == ctx.state.nodes.end()) return Outcome{};
    if (report.observed_generation < node->second.generation &&
        node->second.state != NodeState::kReady) {
        // A node coming back that has not applied its newest set yet: send it again, in case
        // the broker lost the retained copy. Until it applies it, it is not ready (fencing).
        Outcome outcome;
        outcome.publish_nodes.insert(report.node);
        return outcome;
    }
    if (report.observed_generation <= node->second.generation) return Outcome{};
    ClusterState next = ctx.state;
    int64_t stored = node->second.generation;
    int64_t bumped = report.observed_generation + 1;
    next.nodes[report.node].generation = bumped;
    std::vector<Event> events = {
        {0, ctx.now_ms, "node", report.node,
         "reported generation " + std::to_string(report.observed_generation) +
             ", newer than the stored " + std::to_string(stored) +
             " (database restored from a backup?); desired set republished as generation " +
             std::to_string(bumped)}};
    auto committed = commit_state(ctx, std::move(next), std::move(events), false);
    if (!committed) return committed.error();
    committed->publish_nodes.insert(report.node);
    return committed;
}

}  // namespace

Result<Outcome> handle_report(HandlerContext& ctx, ObservedState& observed,
                              const NodeReport& report) {
    std::vector<Event> events;
    if (ctx.state.nodes.contains(report.node)) {
        events = insight_events(ctx.state, ctx.placement, observed.latest(report.node), report,
                                ctx.now_ms);
    }
    Outcome outcome;
    if (!events.empty()) {
        // Only events: the desired state is unchanged, so the copy commits nothing else.
        auto committed = commit_state(ctx, ctx.state, std::move(events), false);
        if (!committed) return committed.error();
        outcome = std::move(*committed);
    }
    if (ctx.memory != nullptr && ctx.state.nodes.contains(report.node)) {
        // Learned limits (docs/memory.md): compares with the previous report, so before the
        // new one is recorded.
        auto learned = learn_from_report(ctx, *ctx.memory, observed.latest(report.node), report);
        if (!learned) return learned.error();
        append_outcome(outcome, std::move(*learned));
    }
    observed.record(report, ctx.now_ms);
    auto generation = check_report_generation(ctx, report);
    if (!generation) return generation.error();
    append_outcome(outcome, std::move(*generation));
    return outcome;
}

}  // namespace edge
