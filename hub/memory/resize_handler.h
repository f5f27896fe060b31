// The service.resize request (`edgectl service resize SERVICE [--apply]`): shows a learning
// service's limit, peak and recommendation, and with "apply" takes the recommendation
// (hub/memory/memory_resize.h: the replicas roll per update_config).
//   args {"service": "NAME" | "STACK/NAME", "apply": BOOL?}
//   data {"stack","service","memory_mode","memory_limit","memory_peak_window",
//         "memory_recommendation","memory_observed_ms","memory_observation_ms",
//         "memory_pending","applied": BOOL}
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/memory/memory_learning.h"
#include "hub/state/transition.h"

namespace edge {

Outcome resize_request(HandlerContext& ctx, MemoryLearning& learning, const nlohmann::json& args);

}  // namespace edge
