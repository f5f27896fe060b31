// Whether the facts a node reports about itself could be true. A node's facts steer placement
// (the memory it claims decides what lands there), and a node's credentials may be stolen: a
// node claiming terabytes would draw every replica of the cluster to itself. The hub drains a
// node whose facts are beyond any machine edgeorch runs on, and says why
// (hub/state/node_messages.cc). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "core/byte_units.h"
#include "core/model.h"

namespace edge {

// Beyond these a homelab node is not believable: the largest NUC-class and small-server boards
// take 128-256 GiB and a few dozen threads; the bounds leave ample room above that.
inline constexpr int64_t kMaxPlausibleMemory = 4096 * kGiB;
inline constexpr int kMaxPlausibleCpus = 1024;

// Why FACTS cannot be true, or "" when they can.
std::string implausible_facts(const NodeFacts& facts);

}  // namespace edge
