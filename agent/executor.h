// Executor: carries out reconcile actions on a ContainerEngine, batch after batch
// (core/reconcile/action_batches.h), the actions of a batch on up to `concurrency` threads at once.
// A failed action is logged and reported but never stops the others: one bad image must not keep
// the other services of a node down.
// Thread-safety: apply() is called by the agent's reconcile thread only; with a concurrency
// above 1 it calls the engine from several threads (which ContainerEngine allows) and runs the
// preparer under a lock.
#pragma once

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "agent/engine/engine.h"
#include "agent/pull_board.h"
#include "agent/single_flight.h"
#include "core/reconcile/reconcile.h"

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

    // The outcomes in the order of `actions`.
    std::vector<ActionOutcome> apply(const std::vector<ReconcileAction>& actions,
                                     int64_t generation);

    // How many actions of a batch run at once (1: one after another, the default).
    void use_concurrency(int concurrency) { concurrency_ = std::max(1, concurrency); }

    // Turns a desired container into the one the engine creates (agent/files/mount_preparer.h:
    // shipped files, data directories, configs, secrets). Without one, containers are created
    // as desired.
    using Prepare = std::function<Result<DesiredContainer>(const DesiredContainer& container,
                                                           const std::string& container_name)>;
    void use_preparer(Prepare prepare) { prepare_ = std::move(prepare); }

    // The pulls in flight and their progress; safe to read from any thread.
    const PullBoard& pull_board() const { return pull_board_; }

    Status create(const ReconcileAction& action, int64_t generation);
    Status start(const ReconcileAction& action);
    Status remove(const ReconcileAction& action);
    Status restart(const ReconcileAction& action);

  private:
    // One action, logged; its status.
    Status carry_out(const ReconcileAction& action, int64_t generation);

    ContainerEngine& engine_;
    std::string node_;
    int stop_timeout_seconds_;
    int concurrency_ = 1;
    Prepare prepare_;
    // The preparer writes files and directories on the node; it runs for one container at a time.
    std::mutex prepare_mutex_;
    SingleFlight<Status> pulls_;  // by image reference
    PullBoard pull_board_;
};

}  // namespace edge
