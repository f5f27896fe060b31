#include "hub/notify/insight_events.h"

#include <map>

#include "core/memory/oom_insight.h"
#include "hub/state/desired_state.h"

namespace edge {

namespace {

// Allocatable memory of `node` minus every reservation on it except this replica's own: what
// this replica could grow into without moving.
int64_t room_for(const ClusterState& state, const PlacementConfig& placement,
                 const std::string& node_name, const ObservedContainer& container) {
    auto node = state.nodes.find(node_name);
    if (node == state.nodes.end()) return 0;
    int64_t room = allocatable_memory(node_info(node->second), placement);
    for (const auto& replica : state.replicas) {
        if (replica.node != node_name) continue;
        if (replica.key.stack == container.stack && replica.key.service == container.service &&
            replica.key.replica == container.replica) {
            continue;
        }
        const ServiceSpec* spec = find_service(state, replica.key.stack, replica.key.service);
        if (spec != nullptr) room -= effective_reservation(*spec);
    }
    return room;
}

std::string replica_text(const ObservedContainer& c, const std::string& node) {
    return c.service + "." + std::to_string(c.replica) + " on " + node;
}

}  // namespace

std::vector<Event> insight_events(const ClusterState& state, const PlacementConfig& placement,
                                  const NodeReport* previous, const NodeReport& current,
                                  int64_t now_ms) {
    std::vector<Event> events;
    if (previous == nullptr) return events;  // nothing to compare with (the hub just started)
    std::map<std::string, const ObservedContainer*> before;
    for (const auto& container : previous->containers) before[container.id] = &container;

    for (const auto& now : current.containers) {
        auto found = before.find(now.id);
        if (found == before.end()) continue;
        const ObservedContainer& then = *found->second;
        std::string subject = now.stack + "/" + now.service;
        std::string who = replica_text(now, current.node);

        if (now.oom_kills > then.oom_kills) {
            const ServiceSpec* spec = find_service(state, now.stack, now.service);
            int64_t limit = now.memory_limit > 0 ? now.memory_limit
                                                 : (spec != nullptr ? spec->memory_limit : 0);
            int64_t reservation = spec != nullptr ? effective_reservation(*spec) : limit;
            std::string summary =
                oom_summary(now.oom_kills, now.oom_times_ms, now_ms, limit, now.memory_peak);
            // An automatic limit needs no advice: the hub raises it (hub/memory/).
            std::string advice =
                spec != nullptr && spec->memory_mode == MemoryMode::kAuto
                    ? "its automatic limit is raised (see the memory event)"
                    : oom_advice(limit, now.memory_peak, reservation,
                                 room_for(state, placement, current.node, now), current.node);
            events.push_back({0, now_ms, "oom", subject, who + " " + summary + "; " + advice});
        }
        if (now.health_restarts > then.health_restarts) {
            events.push_back({0, now_ms, "restart", subject,
                              who + " restarted: its health check failed (restart " +
                                  std::to_string(now.health_restarts) + ")"});
        }
        if (now.engine_restarts > then.engine_restarts) {
            // The engine's restart policy brought it back after its process ended (a crash, or
            // an OOM kill, which has its own event too).
            events.push_back({0, now_ms, "restart", subject,
                              who + " restarted by the engine after its process ended (restart " +
                                  std::to_string(now.engine_restarts) + " since it was started)"});
        }
        if (now.health != then.health && !now.health.empty()) {
            if (now.health == kHealthUnhealthy) {
                events.push_back({0, now_ms, "health", subject, who + " is unhealthy"});
            } else if (now.health == kHealthHealthy && then.health == kHealthUnhealthy) {
                events.push_back({0, now_ms, "health", subject, who + " is healthy again"});
            }
        }
    }
    return events;
}

}  // namespace edge
