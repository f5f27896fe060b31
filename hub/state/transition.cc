#include "hub/state/transition.h"

#include "hub/state/replan.h"
#include "hub/state/stack_subnets.h"

namespace edge {

namespace {

constexpr size_t kMaxSubjectLength = 512;  // what decode_event accepts

// Events are read back by decode_event; keep them within its limits so every reader can.
void fit_event(Event& event) {
    if (event.subject.size() > kMaxSubjectLength) event.subject.resize(kMaxSubjectLength);
    if (event.message.size() > kMaxStringLength) {
        event.message.resize(kMaxStringLength - 3);
        event.message += "...";
    }
}

}  // namespace

void append_outcome(Outcome& earlier, Outcome later) {
    earlier.publish_nodes.merge(later.publish_nodes);
    for (auto& set : later.final_sets) earlier.final_sets.push_back(std::move(set));
    for (auto& set : later.built_sets) earlier.built_sets.push_back(std::move(set));
    for (auto& event : later.events) earlier.events.push_back(std::move(event));
    for (auto& message : later.publications) earlier.publications.push_back(std::move(message));
    if (later.response) earlier.response = std::move(later.response);
    earlier.environments_changed = earlier.environments_changed || later.environments_changed;
}

Result<Outcome> commit_state(HandlerContext& ctx, ClusterState next, std::vector<Event> events,
                             bool run_placement) {
    Outcome outcome;
    if (run_placement) {
        // Before placement, so the desired sets it compares carry every stack's subnet.
        Status subnets = assign_stack_subnets(ctx.state, next, ctx.placement.stack_subnets);
        if (!subnets) return subnets.error();
        Replanned replanned = replan(ctx.state, next, ctx.placement, ctx.now_ms);
        outcome.publish_nodes = std::move(replanned.changed_nodes);
        outcome.built_sets = std::move(replanned.changed_sets);
        events.insert(events.end(), replanned.events.begin(), replanned.events.end());
    }
    for (Event& event : events) fit_event(event);
    StateChange change = diff_states(ctx.state, next);
    change.events = std::move(events);
    if (change.empty()) return outcome;
    auto stored = ctx.store.apply(change);
    if (!stored) return stored.error();
    ctx.state = std::move(next);
    outcome.events = std::move(*stored);
    return outcome;
}

}  // namespace edge
