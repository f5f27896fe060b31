#include "hub/memory/memory_resize.h"

#include <algorithm>

#include "core/memory/memory_policy.h"
#include "core/memory/memsize.h"
#include "hub/state/desired_state.h"
#include "hub/state/replan.h"

namespace edge {

namespace {

bool is_of_service(const ReplicaRecord& replica, const MemoryResize& resize) {
    return replica.key.stack == resize.stack && replica.key.service == resize.service;
}

ServiceSpec* service_in(ClusterState& state, const MemoryResize& resize) {
    auto stack = state.stacks.find(resize.stack);
    if (stack == state.stacks.end()) return nullptr;
    for (auto& service : stack->second.spec.services) {
        if (service.name == resize.service) return &service;
    }
    return nullptr;
}

// Memory of `node` not reserved by any replica placed in `state`.
int64_t free_on(const ClusterState& state, const PlacementConfig& placement,
                const std::string& node_name) {
    auto node = state.nodes.find(node_name);
    if (node == state.nodes.end()) return 0;
    int64_t free = allocatable_memory(node_info(node->second), placement);
    for (const auto& replica : state.replicas) {
        if (replica.node != node_name) continue;
        const ServiceSpec* spec = spec_of(state, replica);
        if (spec != nullptr) free -= effective_reservation(*spec);
    }
    return free;
}

const ReplicaRecord* find_replica(const ClusterState& state, const std::string& stack,
                                  const std::string& service, int replica) {
    for (const auto& record : state.replicas) {
        if (record.key.stack == stack && record.key.service == service &&
            record.key.replica == replica) {
            return &record;
        }
    }
    return nullptr;
}

// "fits on nuc-1 (3.2 GiB free)" or "moved from pi-1 (180 MiB free) to nuc-1 (3.2 GiB free)"
// for each placed replica whose node is worth naming: the restarted one, or all of them.
std::string placement_text(const ClusterState& before, const ClusterState& after,
                           const PlacementConfig& placement, const MemoryResize& resize) {
    std::vector<std::string> parts;
    for (const auto& replica : after.replicas) {
        if (replica.key.stack != resize.stack || replica.key.service != resize.service) continue;
        if (resize.restarted && replica.key.replica != *resize.restarted) continue;
        if (replica.node.empty()) continue;
        const ReplicaRecord* earlier =
            find_replica(before, replica.key.stack, replica.key.service, replica.key.replica);
        std::string here = replica.node + " (" +
                           format_memory_size(free_on(after, placement, replica.node)) + " free)";
        std::string text;
        if (earlier != nullptr && !earlier->node.empty() && earlier->node != replica.node) {
            // The old node's free memory once the replica left is what it could have had.
            text = "moved from " + earlier->node + " (" +
                   format_memory_size(free_on(after, placement, earlier->node)) +
                   " free, it needs " + format_memory_size(resize.limit) + ") to " + here;
        } else {
            text = "fits on " + here;
        }
        if (!resize.restarted)
            text = resize.service + "." + std::to_string(replica.key.replica) + " " + text;
        parts.push_back(text);
    }
    std::string joined;
    for (const auto& part : parts) joined += (joined.empty() ? "" : ", ") + part;
    return joined;
}

// The reason a replica that was placed would be pending in `planned`, or "": a resize never
// pushes a running replica (its own or another service's) out of the cluster.
std::string newly_pending(const ClusterState& before, const ClusterState& planned,
                          const MemoryResize& resize) {
    for (const auto& replica : planned.replicas) {
        if (!replica.node.empty()) continue;
        const ReplicaRecord* earlier =
            find_replica(before, replica.key.stack, replica.key.service, replica.key.replica);
        if (earlier == nullptr || earlier->node.empty()) continue;
        std::string reason = replica.reason.empty() ? "no node has room" : replica.reason;
        if (is_of_service(replica, resize)) return "fits on no node: " + reason;
        return "would leave " + replica.key.stack + "/" + replica.key.service + "." +
               std::to_string(replica.key.replica) + " without a node: " + reason;
    }
    return "";
}

}  // namespace

Result<Outcome> resize_service(HandlerContext& ctx, MemoryLearning& learning,
                               const MemoryResize& resize) {
    ClusterState next = ctx.state;
    ServiceSpec* spec = service_in(next, resize);
    if (spec == nullptr || spec->memory_limit == resize.limit || resize.limit <= 0) {
        return Outcome{};
    }
    const ServiceSpec before = *spec;
    spec->memory_limit = resize.limit;
    // Reservations follow the applied limit; one declared smaller stays smaller.
    spec->memory_reservation = effective_reservation(before) >= before.memory_limit
                                   ? resize.limit
                                   : std::min(before.memory_reservation, resize.limit);

    StackRecord& record = next.stacks[resize.stack];
    bool others_placed = false;
    for (const auto& replica : next.replicas) {
        if (is_of_service(replica, resize) && !replica.node.empty() &&
            (!resize.restarted || replica.key.replica != *resize.restarted)) {
            others_placed = true;
        }
    }
    int rolling = 0;
    if (others_placed) {
        // The other replicas run the old spec until the rolling update reaches them.
        record.previous[resize.service] = before;
        Rollout rollout;
        rollout.started_ms = ctx.now_ms;
        record.rollouts[resize.service] = rollout;
    }
    for (auto& replica : next.replicas) {
        if (!is_of_service(replica, resize)) continue;
        bool switched_now =
            !others_placed || (resize.restarted && replica.key.replica == *resize.restarted);
        replica.on_previous = !switched_now;
        replica.switched_ms = 0;
        if (!switched_now && !replica.node.empty()) ++rolling;
    }

    // A replica that no longer fits its node is the one that moves: placement would otherwise
    // keep it (it comes first) and move a healthy neighbour instead. Its data would not move
    // with it, so for one that keeps data on its node the resize waits.
    std::string bound_refusal;
    for (auto& replica : next.replicas) {
        if (!is_of_service(replica, resize) || replica.node.empty()) continue;
        int64_t room =
            free_on(ctx.state, ctx.placement, replica.node) + effective_reservation(before);
        if (effective_reservation(*spec) <= room) continue;
        if (holds_node_local_state(*spec)) {
            bound_refusal = "cannot move: " + replica.node + " holds its data and has " +
                            format_memory_size(std::max<int64_t>(0, room)) + " for it";
        } else {
            replica.node.clear();
        }
    }

    const std::string subject = resize.stack + "/" + resize.service;
    const std::string change = limit_change_text(before.memory_limit, resize.limit);
    // Placement first, on a copy: the same plan commit_state will make.
    ClusterState planned = next;
    replan(ctx.state, planned, ctx.placement, ctx.now_ms);
    std::string reason =
        bound_refusal.empty() ? newly_pending(ctx.state, planned, resize) : bound_refusal;
    if (!reason.empty()) {
        ServiceMemory& memory = learning.entry(resize.stack, resize.service);
        std::string pending =
            "resize to " + format_memory_size(resize.limit) + " waits: it " + reason;
        std::vector<Event> events;
        if (memory.pending_resize != pending) {
            events.push_back(
                {0, ctx.now_ms, "memory", subject,
                 "limit stays at " + format_memory_size(before.memory_limit) +
                     (resize.limit > before.memory_limit ? "; a raise to " : "; a change to ") +
                     format_memory_size(resize.limit) + " " + resize.cause + " " + reason});
        }
        memory.pending_resize = pending;
        if (events.empty()) return Outcome{};
        return commit_state(ctx, ctx.state, std::move(events), false);
    }

    std::string message = "limit " + change + " " + resize.cause;
    std::string where = placement_text(ctx.state, planned, ctx.placement, resize);
    if (!where.empty()) message += "; " + where;
    if (rolling > 0) {
        message += resize.restarted ? "; " + std::to_string(rolling) + " other replica(s) follow"
                                    : "; its replica(s) follow";
        message += " in a rolling update per update_config";
    }
    learning.entry(resize.stack, resize.service).pending_resize.clear();
    return commit_state(ctx, std::move(next), {{0, ctx.now_ms, "memory", subject, message}});
}

}  // namespace edge
