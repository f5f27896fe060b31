#include "hub/memory/memory_reports.h"

#include <map>
#include <optional>
#include <set>

#include "core/memory/memsize.h"
#include "hub/memory/memory_resize.h"
#include "hub/state/desired_state.h"

namespace edge {

namespace {

std::string peak_text(int64_t peak) {
    return peak > 0 ? " (peak " + format_memory_size(peak) + ")" : "";
}

std::string window_text(const MemoryWindow& window) {
    int64_t seconds = window.observation_ms / 1000;
    if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + " h";
    if (seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

// The event that tells a person a service's learned limit is ready, once per value.
std::optional<Event> announcement(const MemoryLearning& learning, const std::string& stack,
                                  const ServiceSpec& spec, int64_t capacity, int64_t now_ms) {
    auto recommendation = learning.recommend(stack, spec.name, capacity, now_ms);
    const ServiceMemory* memory = learning.find(stack, spec.name);
    if (!recommendation || memory == nullptr || memory->announced == recommendation->limit) {
        return std::nullopt;
    }
    if (!worth_resizing(spec.memory_limit, recommendation->limit)) return std::nullopt;
    const MemoryWindow& window = learning.config().window;
    std::string message =
        "learned limit " + format_memory_size(recommendation->limit) + " (limit now " +
        format_memory_size(spec.memory_limit) + ", peak " +
        format_memory_size(window_peak(memory->history, now_ms, window)) + " over " +
        window_text(window) + " of use" +
        (recommendation->capped ? ", capped by the ceiling or the largest node" : "") + "); ";
    if (spec.memory_mode == MemoryMode::kAuto) {
        message += "applied at its next restart or deploy";
    } else {
        message += "`edgectl service resize " + stack + "/" + spec.name + " --apply` applies it";
    }
    return Event{0, now_ms, "memory", stack + "/" + spec.name, message};
}

// The container started again since the last report: the engine's restart policy restarted it,
// or it had stopped (exited, dead, restarting) and runs again, whoever started it.
bool restarted(const ObservedContainer& then, const ObservedContainer& now) {
    if (now.engine_restarts > then.engine_restarts) return true;
    bool was_down = then.state == "exited" || then.state == "dead" || then.state == "restarting";
    return was_down && now.state == "running";
}

}  // namespace

Result<Outcome> learn_from_report(HandlerContext& ctx, MemoryLearning& learning,
                                  const NodeReport* previous, const NodeReport& current) {
    auto touched = learning.observe(ctx.state, current, ctx.now_ms);
    // Worked out only when a limit may change: most reports change nothing.
    std::optional<int64_t> known_capacity;
    auto capacity = [&] {
        if (!known_capacity) known_capacity = cluster_capacity(ctx.state, ctx.placement);
        return *known_capacity;
    };
    Outcome outcome;
    std::set<std::pair<std::string, std::string>> resized;  // one change per service a report

    std::map<std::string, const ObservedContainer*> before;
    if (previous != nullptr) {
        for (const auto& container : previous->containers) before[container.id] = &container;
    }
    const ObservedContainer fresh;  // a container new since the last report: counters at 0
    for (const ObservedContainer& now : current.containers) {
        // Without a previous report (the hub just started) counters cannot be compared.
        if (previous == nullptr) break;
        auto found = before.find(now.id);
        // A container new since the last report may have been killed already (a start that
        // allocates at once): its kills are all new.
        const ObservedContainer& then = found == before.end() ? fresh : *found->second;
        if (found == before.end() && now.engine_restarts > 0 && now.oom_kills == 0) continue;
        const ServiceSpec* spec = find_service(ctx.state, now.stack, now.service);
        if (spec == nullptr || !learns_memory(spec->memory_mode)) continue;
        if (resized.contains({now.stack, now.service})) continue;
        std::optional<MemoryResize> resize;
        if (now.oom_kills > then.oom_kills) {
            int64_t killed_at = now.memory_limit > 0 ? now.memory_limit : spec->memory_limit;
            learning.note_oom(now.stack, now.service, killed_at, ctx.now_ms);
            // A container still at an older, smaller limit was raised already.
            if (spec->memory_mode != MemoryMode::kAuto || killed_at < spec->memory_limit) continue;
            OomRaise raise =
                raise_after_oom(killed_at, now.memory_peak, learning.config().policy, capacity());
            std::string cause = "after an OOM kill at " + format_memory_size(killed_at) +
                                peak_text(now.memory_peak);
            if (!raise.raised) {
                // Said once, not at every kill of a replica that keeps dying at the bound.
                std::string why = "limit stays at " + format_memory_size(killed_at) + " " + cause +
                                  ": it is at the ceiling (" +
                                  format_memory_size(learning.config().policy.ceiling) +
                                  ") or the largest node's allocatable memory (" +
                                  format_memory_size(capacity()) + ")";
                ServiceMemory& memory = learning.entry(now.stack, now.service);
                resized.insert({now.stack, now.service});
                if (memory.pending_resize == why) continue;
                memory.pending_resize = why;
                auto committed = commit_state(
                    ctx, ctx.state, {{0, ctx.now_ms, "memory", now.stack + "/" + now.service, why}},
                    false);
                if (!committed) return committed.error();
                append_outcome(outcome, std::move(*committed));
                continue;
            }
            resize = MemoryResize{now.stack, now.service, raise.limit, now.replica, cause};
        } else if (restarted(then, now) && spec->memory_mode == MemoryMode::kAuto) {
            // It restarted anyway: the moment to take the learned limit.
            auto learned = learning.recommend(now.stack, now.service, capacity(), ctx.now_ms);
            if (!learned || !worth_resizing(spec->memory_limit, learned->limit)) continue;
            resize = MemoryResize{now.stack, now.service, learned->limit, now.replica,
                                  "learned from use, at its restart"};
        }
        if (!resize) continue;
        auto applied = resize_service(ctx, learning, *resize);
        if (!applied) return applied.error();
        append_outcome(outcome, std::move(*applied));
        resized.insert({now.stack, now.service});
    }

    std::vector<Event> announcements;
    for (const auto& [stack, service] : touched) {
        const ServiceSpec* spec = find_service(ctx.state, stack, service);
        if (spec == nullptr) continue;
        if (!observation_complete(learning.find(stack, service)->history,
                                  learning.config().window)) {
            continue;
        }
        if (auto event = announcement(learning, stack, *spec, capacity(), ctx.now_ms)) {
            learning.entry(stack, service).announced =
                learning.recommend(stack, service, capacity(), ctx.now_ms)->limit;
            announcements.push_back(std::move(*event));
        }
    }
    if (!announcements.empty()) {
        auto committed = commit_state(ctx, ctx.state, std::move(announcements), false);
        if (!committed) return committed.error();
        append_outcome(outcome, std::move(*committed));
    }
    return outcome;
}

}  // namespace edge
