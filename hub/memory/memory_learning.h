// hub/memory/: learned memory limits (docs/memory.md). The hub keeps a usage history for every
// service in a learning mode (auto, recommend), fed by the peaks the agents already report;
// raises an automatic limit at once after an OOM kill; applies a learned limit at the
// replica's next restart or the service's next deploy; and explains every change in an event.
//
// MemoryLearning holds the histories in memory and writes the changed ones to the store about
// once a minute (they are observations: a crash loses a minute of them, never a limit, which
// lives in the service's spec). It answers what a service's peak and recommendation are now.
// Thread-safety: none; owned by HubCore, used from the hub's worker thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/memory/memory_history.h"
#include "core/memory/memory_mode.h"
#include "core/memory/memory_policy.h"
#include "core/placement/placement.h"
#include "hub/store/store.h"

namespace edge {

struct MemoryLearningConfig {
    // What a service that says nothing about memory and states no limit gets
    // (edge-hub --default-memory auto|fixed).
    MemoryMode default_mode = MemoryMode::kAuto;
    MemoryWindow window;  // --memory-observation
    MemoryPolicy policy;  // --memory-ceiling
    // Where an automatic limit of an unknown image starts: the fixed default, so a cluster
    // that turns auto on reserves what it did before, and an OOM kill corrects it in seconds.
    int64_t provisional_default = kDefaultMemoryLimit;
    int64_t persist_interval_ms = 60 * 1000;
};

// What the hub knows of one learning service beyond its spec.
struct ServiceMemory {
    MemoryHistory history;
    // Why a wanted change of limit waits (it fits on no node), for `service ps`; "" when none.
    // In memory only: the next report or deploy works it out again.
    std::string pending_resize;
    int64_t announced = 0;  // the recommendation last announced in an event
    bool unsaved = false;
};

// A service's learned memory as `service ls`/`ps` show it.
struct MemoryView {
    int64_t peak = 0;            // highest peak in the kept history
    int64_t recommendation = 0;  // 0 until a whole observation window has been seen
    int64_t observed_ms = 0;
    std::string pending_resize;
};

// The largest allocatable memory of any node: no limit may exceed it, or no node could hold
// the replica. 0 when there is no node.
int64_t cluster_capacity(const ClusterState& state, const PlacementConfig& placement);

class MemoryLearning {
  public:
    explicit MemoryLearning(MemoryLearningConfig config = {}) : config_(config) {}
    const MemoryLearningConfig& config() const { return config_; }
    void set_config(const MemoryLearningConfig& config) { config_ = config; }

    // Reads the stored histories. A row that does not decode is skipped (and returned in the
    // message list): it is an observation, and a new one starts.
    Result<std::vector<std::string>> load(Store& store);

    // Adds the peaks of `report`'s running containers of learning services at `now_ms`.
    // Returns the services ("STACK", "SERVICE") it touched.
    std::vector<std::pair<std::string, std::string>> observe(const ClusterState& state,
                                                             const NodeReport& report,
                                                             int64_t now_ms);
    void note_oom(const std::string& stack, const std::string& service, int64_t limit,
                  int64_t now_ms);

    ServiceMemory& entry(const std::string& stack, const std::string& service);
    const ServiceMemory* find(const std::string& stack, const std::string& service) const;

    // The learned limit once a whole observation window has been seen; nullopt before.
    std::optional<MemoryRecommendation> recommend(const std::string& stack,
                                                  const std::string& service, int64_t capacity,
                                                  int64_t now_ms) const;
    MemoryView view(const std::string& stack, const std::string& service, int64_t capacity,
                    int64_t now_ms) const;

    // Writes the changed histories once persist_interval_ms has passed since the last write
    // (at once with `force`), and deletes those of services no longer in `state`.
    Status persist(Store& store, const ClusterState& state, int64_t now_ms, bool force = false);

  private:
    using Key = std::pair<std::string, std::string>;
    MemoryLearningConfig config_;
    std::map<Key, ServiceMemory> services_;
    int64_t last_persist_ms_ = 0;
};

}  // namespace edge
