// Where a deployed service's memory limit starts (docs/memory.md). A service that says nothing
// (x-edge memory absent) gets the hub's --default-memory when it states no limit, and a fixed
// limit when it states one (its mode stays kDefault, which means fixed). A service with an
// automatic limit starts:
//   - at the limit it had, when it was already deployed in the same mode (raised after an OOM
//     kill, or learned), or at its learned limit once there is one: a deploy is the rolling
//     update that applies it;
//   - else at the limit it states, else at its image's known need (core/memory/memory_images.h),
//     else at the provisional default;
// always within the ceiling and the largest node. Its reservation follows the limit.
// A service in recommend mode runs at its stated or default limit: the file is the truth, and
// `edgectl service resize --apply` changes the limit only until the next deploy.
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <cstdint>

#include "hub/memory/memory_learning.h"

namespace edge {

void settle_memory_limits(StackSpec& stack, const StackRecord* before,
                          const MemoryLearning& learning, int64_t capacity, int64_t now_ms);

}  // namespace edge
