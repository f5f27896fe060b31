#include "hub/memory/memory_learning.h"

#include <algorithm>

#include "hub/memory/memory_codec.h"
#include "hub/state/desired_state.h"

namespace edge {

int64_t cluster_capacity(const ClusterState& state, const PlacementConfig& placement) {
    int64_t capacity = 0;
    // Only the memory matters: a full node_info() copies every node's facts and labels, and
    // this runs for reports of clusters with a thousand nodes.
    NodeInfo info;
    for (const auto& [name, node] : state.nodes) {
        info.facts.memory_total = node.facts.memory_total;
        capacity = std::max(capacity, allocatable_memory(info, placement));
    }
    return capacity;
}

Result<std::vector<std::string>> MemoryLearning::load(Store& store) {
    auto stored = store.memory_histories();
    if (!stored) return stored.error();
    std::vector<std::string> skipped;
    for (const StoredMemoryHistory& row : *stored) {
        auto history = decode_memory_history(row.history);
        if (!history) {
            skipped.push_back(row.stack + "/" + row.service + ": " + history.error().message);
            continue;
        }
        services_[{row.stack, row.service}].history = std::move(*history);
    }
    return skipped;
}

std::vector<std::pair<std::string, std::string>> MemoryLearning::observe(const ClusterState& state,
                                                                         const NodeReport& report,
                                                                         int64_t now_ms) {
    std::vector<Key> touched;
    for (const ObservedContainer& container : report.containers) {
        if (container.state != "running") continue;
        const ServiceSpec* spec = find_service(state, container.stack, container.service);
        if (spec == nullptr || !learns_memory(spec->memory_mode)) continue;
        ServiceMemory& memory = entry(container.stack, container.service);
        record_peak(memory.history, container.memory_peak, now_ms, config_.window);
        memory.unsaved = true;
        Key key{container.stack, container.service};
        if (std::find(touched.begin(), touched.end(), key) == touched.end()) touched.push_back(key);
    }
    return touched;
}

void MemoryLearning::note_oom(const std::string& stack, const std::string& service, int64_t limit,
                              int64_t now_ms) {
    ServiceMemory& memory = entry(stack, service);
    record_oom(memory.history, limit, now_ms);
    memory.unsaved = true;
}

ServiceMemory& MemoryLearning::entry(const std::string& stack, const std::string& service) {
    return services_[{stack, service}];
}

const ServiceMemory* MemoryLearning::find(const std::string& stack,
                                          const std::string& service) const {
    auto found = services_.find({stack, service});
    return found == services_.end() ? nullptr : &found->second;
}

std::optional<MemoryRecommendation> MemoryLearning::recommend(const std::string& stack,
                                                              const std::string& service,
                                                              int64_t capacity,
                                                              int64_t now_ms) const {
    const ServiceMemory* memory = find(stack, service);
    if (memory == nullptr || !observation_complete(memory->history, config_.window)) {
        return std::nullopt;
    }
    int64_t peak = window_peak(memory->history, now_ms, config_.window);
    if (peak <= 0) return std::nullopt;  // the agent could not read a peak: nothing to learn
    return recommend_limit(peak, remembered_oom_limit(memory->history, now_ms, config_.window),
                           config_.policy, capacity);
}

MemoryView MemoryLearning::view(const std::string& stack, const std::string& service,
                                int64_t capacity, int64_t now_ms) const {
    MemoryView view;
    const ServiceMemory* memory = find(stack, service);
    if (memory == nullptr) return view;
    view.peak = window_peak(memory->history, now_ms, config_.window);
    view.observed_ms = memory->history.observed_ms;
    view.pending_resize = memory->pending_resize;
    if (auto recommendation = recommend(stack, service, capacity, now_ms)) {
        view.recommendation = recommendation->limit;
    }
    return view;
}

Status MemoryLearning::persist(Store& store, const ClusterState& state, int64_t now_ms,
                               bool force) {
    if (!force && now_ms - last_persist_ms_ < config_.persist_interval_ms) return ok_status();
    std::vector<StoredMemoryHistory> changed;
    std::vector<Key> removed;
    for (auto& [key, memory] : services_) {
        const ServiceSpec* spec = find_service(state, key.first, key.second);
        if (spec == nullptr || !learns_memory(spec->memory_mode)) {
            removed.push_back(key);
        } else if (memory.unsaved) {
            forget_old(memory.history, now_ms, config_.window);
            changed.push_back({key.first, key.second,
                               encode_memory_history(memory.history, config_.window), now_ms});
        }
    }
    last_persist_ms_ = now_ms;
    if (changed.empty() && removed.empty()) return ok_status();
    Status written = store.put_memory_histories(changed, removed);
    if (!written) return written;
    for (const auto& row : changed) services_[{row.stack, row.service}].unsaved = false;
    for (const Key& key : removed) services_.erase(key);
    return ok_status();
}

}  // namespace edge
