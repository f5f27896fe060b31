// Executor: carries out reconcile actions on a ContainerEngine, one after another. A failed
// action is logged and reported but never stops the ones after it: one bad image must not keep
// the other services of a node down.
// Thread-safety: not thread-safe; used by the agent's reconcile thread only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "agent/engine.h"
#include "core/reconcile.h"

namespace edge {

struct ActionOutcome {
    ReconcileAction action;
    Status status = ok_status();
};

class Executor {
  public:
    // node: this agent's node name; only containers labelled with it are ever removed.
    Executor(ContainerEngine& engine, std::string node, int stop_timeout_seconds = 10)
        : engine_(engine), node_(std::move(node)), stop_timeout_seconds_(stop_timeout_seconds) {}

    std::vector<ActionOutcome> apply(const std::vector<ReconcileAction>& actions,
                                     int64_t generation);

    // Turns a desired container into the one the engine creates (agent/files/mount_preparer.h:
    // shipped files, data directories, configs, secrets). Without one, containers are created
    // as desired.
    using Prepare = std::function<Result<DesiredContainer>(const DesiredContainer& container,
                                                           const std::string& container_name)>;
    void use_preparer(Prepare prepare) { prepare_ = std::move(prepare); }

    Status create(const ReconcileAction& action, int64_t generation);
    Status start(const ReconcileAction& action);
    Status remove(const ReconcileAction& action);
    Status restart(const ReconcileAction& action);

  private:
    ContainerEngine& engine_;
    std::string node_;
    int stop_timeout_seconds_;
    Prepare prepare_;
};

}  // namespace edge
