// The agent's reconcile: a pure function from (desired set, observed containers, now) to the
// actions that make the engine match the desired set. Applying the same desired set to a
// converged node yields no actions (idempotent, level-triggered).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

struct ReconcileAction {
    enum class Kind {
        kCreate,   // pull the image if missing, create the container with limits and labels, start
                   // it
        kStart,    // start an existing stopped container whose restart policy wants it running
        kRemove,   // stop and remove a container (undesired, outdated spec, or duplicate)
        kRestart,  // stop and start a running container that its health check calls unhealthy
    };
    Kind kind = Kind::kCreate;
    DesiredContainer desired;  // for kCreate and kStart
    std::string container_id;  // for kStart and kRemove
    std::string container_name;
    std::string why;  // one line for logs and events
};

// Removals come first so that a replaced container's name is free before its successor is
// created. A start-first replacement (DesiredContainer::start_first) keeps the old container
// running, and its successor takes another name, until the successor is up. Only observed
// containers are considered; the caller lists just those carrying this node's labels.
std::vector<ReconcileAction> reconcile(const DesiredSet& desired,
                                       const std::vector<ObservedContainer>& observed,
                                       int64_t now_ms);

}  // namespace edge
