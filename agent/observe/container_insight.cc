#include "agent/observe/container_insight.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/memory/oom_insight.h"

namespace edge {

namespace {

constexpr int64_t kFirstLookBackSeconds = 3600;

}  // namespace

void ContainerInsight::add_oom(Record& record, int64_t time_ms) {
    ++record.oom_kills;
    record.oom_times_ms.push_back(time_ms);
    std::sort(record.oom_times_ms.begin(), record.oom_times_ms.end());
    if (record.oom_times_ms.size() > kMaxOomTimes) {
        record.oom_times_ms.erase(record.oom_times_ms.begin());
    }
}

void ContainerInsight::poll_engine_events(ContainerEngine& engine, const std::string& node,
                                          int64_t now_ms) {
    int64_t now_s = now_ms / 1000;
    int64_t since_s = events_until_s_ > 0 ? events_until_s_ : now_s - kFirstLookBackSeconds;
    // Up to the last whole second: an `until` in the future would make the engine wait for it.
    int64_t until_s = now_s - 1;
    if (until_s < since_s) return;
    auto events = engine.container_events(kLabelNode, node, since_s, until_s);
    if (!events.ok()) {
        if (events_available_) {
            spdlog::warn(
                "cannot read the engine's OOM events, using the OOMKilled flag and "
                "cgroup counters instead: {}",
                events.error().message);
        }
        events_available_ = false;
        return;
    }
    events_available_ = true;
    // The next window starts at this one's last second again, as events of that second may
    // not all have been logged yet; the (id, timeNano) set keeps them from counting twice.
    events_until_s_ = until_s;
    for (const auto& event : *events) {
        if (event.action == "start") {
            started_.insert(event.container_id);
            continue;
        }
        if (!counted_.insert({event.container_id, event.time_nanos}).second) continue;
        spdlog::warn("container {} was OOM-killed", event.container_id.substr(0, 12));
        add_oom(records_[event.container_id], event.time_ms);
    }
}

std::set<std::string> ContainerInsight::take_started() {
    return std::exchange(started_, {});
}

void ContainerInsight::record_health_restart(const std::string& container_id) {
    ++records_[container_id].health_restarts;
}

void ContainerInsight::annotate(std::vector<ObservedContainer>& observed, int64_t now_ms) {
    std::set<std::string> present;
    for (auto& container : observed) {
        present.insert(container.id);
        Record& record = records_[container.id];
        auto figures = cgroups_.read(container.id);
        if (figures) {
            record.peak = std::max(record.peak, figures->peak);
            if (!events_available_ && figures->oom_kills > record.cgroup_kills) {
                for (int64_t i = record.cgroup_kills; i < figures->oom_kills; ++i) {
                    add_oom(record, now_ms);
                }
            }
            // A restarted container has a new cgroup whose counter starts again at 0.
            record.cgroup_kills = figures->oom_kills;
        }
        if (container.state == "running") {
            record.flag_counted = false;
        } else if (!events_available_ && container.oom_killed && !record.flag_counted) {
            add_oom(record, now_ms);
            record.flag_counted = true;
        }
        // The kernel kills at the limit, so a killed container's peak was its limit, even when
        // its cgroup (and with it the recorded peak) went away before it could be read.
        if (record.oom_kills > 0) record.peak = std::max(record.peak, container.memory_limit);
        container.oom_kills = record.oom_kills;
        container.oom_times_ms = record.oom_times_ms;
        container.memory_peak = record.peak;
        container.health_restarts = record.health_restarts;
    }
    std::erase_if(records_, [&](const auto& entry) { return !present.contains(entry.first); });
    std::erase_if(counted_, [&](const auto& key) { return !present.contains(key.first); });
}

}  // namespace edge
