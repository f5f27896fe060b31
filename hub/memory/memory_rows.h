// The learned-memory fields of `service ls` and `service ps` rows (schema/requests.h):
// memory_mode, memory_peak_window (the highest peak kept), memory_recommendation (0 until a
// whole observation window was seen), memory_observed_ms, memory_observation_ms and
// memory_pending (why a resize waits).
// Thread-safety: plain functions over values.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/memory/memory_learning.h"

namespace edge {

void add_memory_fields(nlohmann::json& row, const ServiceSpec& spec, const std::string& stack,
                       const MemoryLearning& learning, int64_t capacity, int64_t now_ms);

}  // namespace edge
