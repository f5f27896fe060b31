// NetworkReconciler: keeps this node's stack networks in line with the desired set. ensure()
// runs before containers are created (they join a network that must exist); prune() runs
// after removals, when a stack that left the node has no container attached any more.
// Failures are logged, never fatal: a container whose network is missing fails to create and
// is retried on the next pass, like any other failed action.
// Thread-safety: not thread-safe; used by the agent's reconcile thread only.
#pragma once

#include <set>
#include <string>

#include "agent/engine/network_engine.h"
#include "core/model.h"
#include "core/network/network_plan.h"

namespace edge {

class NetworkReconciler {
  public:
    NetworkReconciler(NetworkEngine& engine, std::string node)
        : engine_(engine), node_(std::move(node)) {}

    void ensure(const DesiredSet& desired);
    // Returns false while a network that should go is still there (the next pass retries).
    bool prune(const DesiredSet& desired);

  private:
    // Creates one network on its subnet, or on one the engine picks when the engine already
    // has a network overlapping that subnet.
    Status create(const NetworkToCreate& network);

    NetworkEngine& engine_;
    std::string node_;
    // Networks whose removal failed, to log each failure once rather than every pass.
    std::set<std::string> refused_removals_;
};

}  // namespace edge
