// NodeController: the agent's logic without the broker. It owns the current desired set,
// decides whether an incoming desired message replaces it (right node, newer generation),
// persists accepted sets, and runs reconcile passes against the engine that end in a NodeReport.
// Keeping MQTT out of it lets a rebooted node reconcile from its stored state before (and
// without) any broker connection.
// Thread-safety: not thread-safe; the agent drives it from one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>

#include "agent/engine/engine.h"
#include "agent/executor.h"
#include "agent/network/network_reconciler.h"
#include "agent/observe/container_insight.h"
#include "agent/observe/http_checker.h"
#include "agent/state_store.h"
#include "core/model.h"
#include "core/reconcile/create_retries.h"
#include "core/reconcile/restart_backoff.h"

namespace edge {

// What fencing (core/nodes/fencing.h) allows one reconcile pass.
struct PassLimits {
    // False while the desired set may be stale: creates, starts and restarts wait.
    bool starts_allowed = true;
    // How long the broker has not answered, for x-edge stop-after-disconnect.
    int64_t out_of_touch_ms = 0;
};

class NodeController {
  public:
    // Failed starts in a row after which a container is replaced rather than started again.
    static constexpr int kMaxFailedStarts = 3;

    NodeController(ContainerEngine& engine, StateStore& store, std::string node,
                   std::string proc_root = "/proc", CgroupMemory cgroups = CgroupMemory());

    // Loads the stored desired set. A missing store is fine; a corrupt one is logged and
    // ignored (the hub's retained message will supply the set) and never crashes the agent.
    void load_state();

    // Handles a payload from the desired topic. Returns true when it replaced the current set,
    // which is then persisted; false when it was dropped (malformed, for another node, or not
    // newer than what the agent already has). The reason is logged.
    bool accept_desired(std::string_view payload);

    // One reconcile pass: observe the engine, compute and apply the actions, observe again.
    // Returns the report to publish, or nullopt when the engine is unreachable (logged once
    // per outage). Without any desired set yet, it only observes: containers are never
    // removed on the strength of knowing nothing. The report acknowledges the desired set's
    // generation only when the pass applied all of it (see `acknowledged`).
    std::optional<NodeReport> reconcile_pass(int64_t now_ms, PassLimits limits = {});

    // Manages the stacks' per-node networks through `engine` from now on (docs/networking.md).
    // Without it, containers join the engine's default network, as unit tests' fakes do.
    void use_networks(NetworkEngine& engine) { networks_.emplace(engine, node_); }
    // How many actions of a pass run at once (agent/executor.h); 1 unless set.
    void use_concurrency(int concurrency) { executor_.use_concurrency(concurrency); }
    // Prepares shipped files, data directories, configs and secrets before each create.
    void use_preparer(Executor::Prepare prepare) { executor_.use_preparer(std::move(prepare)); }

    // Enforces the node's own policy (core/placement/node_policy.h) from now on: a container it
    // refuses is not created and is reported as a create failure with the policy's reason.
    void use_policy(NodePolicy policy) { policy_ = std::move(policy); }

    // When the pass held back a start for a crash-loop backoff (core/reconcile/restart_backoff.h)
    // or a create for its retry backoff (core/reconcile/create_retries.h): the earliest time,
    // in the pass's clock, that one of them is due; the agent passes again then.
    std::optional<int64_t> next_deferred_start_ms() const { return next_deferred_start_ms_; }

    // The image pulls in flight; safe to read from any thread while a pass runs.
    const PullBoard& pull_board() const { return executor_.pull_board(); }

    const std::optional<DesiredSet>& desired() const { return desired_; }
    int64_t generation() const { return desired_ ? desired_->generation : 0; }
    const std::string& node() const { return node_; }
    // For tests: to give the HTTP checks a fake probe.
    HttpChecker& http_checker() { return http_checker_; }

  private:
    // Lists this node's containers and fills in exit code, OOM kill and memory limit.
    Result<std::vector<ObservedContainer>> observe();
    // Applies `actions`, counts failed starts per container and remembers failed creates and
    // starts per replica. Returns false when a removal failed: a copy the set no longer wants
    // may still run.
    bool apply(const std::vector<ReconcileAction>& actions, int64_t now_ms);
    void remember_failed_start(const ReconcileAction& action, const std::string& error);
    // Drops remembered create failures that a container now answers or the desired set no
    // longer asks for.
    void forget_settled_failures(const std::vector<ObservedContainer>& observed);
    // Takes the creates the node policy refuses out of `actions`, remembering each as a
    // create failure.
    void withhold_refused(std::vector<ReconcileAction>& actions);
    // Marks containers that failed to start kMaxFailedStarts times in a row as "dead", so the
    // reconcile replaces them. An engine killed while starting a container can leave it
    // "created" with a stale task that no start will ever clear; only a new container runs.
    void mark_unstartable(std::vector<ObservedContainer>& observed);
    // Takes out of `actions` the starts of exited containers whose backoff is not over yet,
    // remembering when each is due.
    void defer_backed_off_starts(std::vector<ReconcileAction>& actions,
                                 const std::vector<ObservedContainer>& observed, int64_t now_ms);
    // Asks for a pass at `due_ms` (next_deferred_start_ms), unless one is due sooner.
    void pass_again_at(int64_t due_ms);
    // Takes out of `actions` the creates whose last failure's retry is not due yet
    // (core/reconcile/create_retries.h), remembering when the first is due.
    void defer_create_retries(std::vector<ReconcileAction>& actions, int64_t now_ms);
    // Shows each waiting container's next start and run of quick exits in its report.
    void annotate_backoff(std::vector<ObservedContainer>& observed) const;
    void persist();

    ContainerEngine& engine_;
    StateStore& store_;
    std::string node_;
    std::string proc_root_;
    Executor executor_;
    std::optional<DesiredSet> desired_;
    bool save_pending_ = false;  // an accepted set whose save failed; retried every pass
    bool engine_down_ = false;   // to log an outage once, and its end once
    int64_t observed_generation_ = 0;
    // What only an inspect tells of a running container, by id. The memory limit is fixed for
    // a container's life and the restart count changes only when it starts, so a running
    // container is inspected again only after the engine logged a start of it.
    struct InspectedFacts {
        int64_t memory_limit = 0;
        int engine_restarts = 0;
        // The reference the container was created from (inspect's Config.Image). The list
        // shows the image ID instead once the tag moves to another build, and the repo digest
        // is chosen by the reference's repository.
        std::string image;
    };
    std::map<std::string, InspectedFacts> inspected_;
    // The RepoDigests of the images the containers run, by image ID: an image's digests do not
    // change while it is in use, so each is asked for once and forgotten with its last
    // container.
    std::map<std::string, std::vector<std::string>> repo_digests_;
    std::string image_digest(const std::string& image, const std::string& image_id);
    std::map<std::string, int> failed_starts_;        // consecutive failed starts by container id
    RestartBackoff backoff_;                          // restarts of exited containers
    std::map<std::string, int64_t> deferred_starts_;  // container id -> when its start is due
    std::optional<int64_t> next_deferred_start_ms_;
    // The last failed create or start of each replica, reported until its spec runs or is no
    // longer desired, so a rolling update of a bad image fails at once (core/reconcile/rollout.h).
    std::map<std::tuple<std::string, std::string, int>, CreateFailure> failed_creates_;
    std::mt19937 jitter_random_{std::random_device{}()};  // spreads the create retries
    ContainerInsight insight_;                            // OOM kills, peaks, health restarts
    HttpChecker http_checker_;                            // x-edge http-check probes
    std::optional<NetworkReconciler> networks_;
    std::optional<NodePolicy> policy_;
    // The networks need a look: a new desired set arrived, or a removal was refused. Otherwise
    // they are only looked at when containers are created or removed, so a converged node
    // asks the engine nothing about networks.
    bool networks_dirty_ = true;
};

}  // namespace edge
