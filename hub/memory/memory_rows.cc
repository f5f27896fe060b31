#include "hub/memory/memory_rows.h"

namespace edge {

void add_memory_fields(nlohmann::json& row, const ServiceSpec& spec, const std::string& stack,
                       const MemoryLearning& learning, int64_t capacity, int64_t now_ms) {
    // kDefault is what the hub left as fixed (a stated limit, or --default-memory fixed).
    row["memory_mode"] =
        to_string(spec.memory_mode == MemoryMode::kDefault ? MemoryMode::kFixed : spec.memory_mode);
    if (!learns_memory(spec.memory_mode)) return;
    MemoryView view = learning.view(stack, spec.name, capacity, now_ms);
    row["memory_peak_window"] = view.peak;
    row["memory_recommendation"] = view.recommendation;
    row["memory_observed_ms"] = view.observed_ms;
    row["memory_observation_ms"] = learning.config().window.observation_ms;
    row["memory_pending"] = view.pending_resize;
}

}  // namespace edge
