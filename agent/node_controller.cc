#include "agent/node_controller.h"

#include <spdlog/spdlog.h>

#include <set>

#include "agent/engine/engine_errors.h"
#include "agent/observe/facts.h"
#include "agent/policy/policy_gate.h"
#include "core/image_digest.h"
#include "core/network/network_plan.h"
#include "core/nodes/fencing_actions.h"
#include "core/reconcile/reconcile.h"
#include "schema/messages.h"

namespace edge {

NodeController::NodeController(ContainerEngine& engine, StateStore& store, std::string node,
                               std::string proc_root, CgroupMemory cgroups)
    : engine_(engine),
      store_(store),
      node_(std::move(node)),
      proc_root_(std::move(proc_root)),
      executor_(engine_, node_),
      insight_(std::move(cgroups)) {}

void NodeController::load_state() {
    auto loaded = store_.load();
    if (!loaded.ok()) {
        spdlog::error("ignoring the stored desired set: {}", loaded.error().message);
        return;
    }
    if (!loaded->has_value()) {
        spdlog::info("no stored desired set; waiting for the hub");
        return;
    }
    if ((*loaded)->node != node_) {
        spdlog::error("ignoring the stored desired set: it is for node {}, not {}", (*loaded)->node,
                      node_);
        return;
    }
    desired_ = std::move(**loaded);
    spdlog::info("loaded desired set generation {} with {} containers", desired_->generation,
                 desired_->containers.size());
}

bool NodeController::accept_desired(std::string_view payload) {
    auto set = decode_desired(payload);
    if (!set.ok()) {
        spdlog::warn("dropping malformed desired set: {}", set.error().message);
        return false;
    }
    if (set->node != node_) {
        spdlog::warn("dropping desired set for node {}: this is node {}", set->node, node_);
        return false;
    }
    if (set->generation <= generation()) {
        // The retained message comes back on every reconnect; a stale one must never override
        // newer local state (a node that was away may hear an old set first).
        auto level = set->generation == generation() ? spdlog::level::debug : spdlog::level::warn;
        spdlog::log(level, "ignoring desired set generation {}: already at generation {}",
                    set->generation, generation());
        return false;
    }
    spdlog::info("accepted desired set generation {} with {} containers", set->generation,
                 set->containers.size());
    desired_ = std::move(set).value();
    save_pending_ = true;
    networks_dirty_ = true;
    persist();
    return true;
}

void NodeController::persist() {
    if (!save_pending_ || !desired_) return;
    Status saved = store_.save(*desired_);
    if (!saved.ok()) {
        // Keep running the new set; only a reboot before the next successful save would fall
        // back to the older stored one, and the hub's retained message corrects that.
        spdlog::error("cannot persist desired set generation {} (will retry): {}",
                      desired_->generation, saved.error().message);
        return;
    }
    save_pending_ = false;
}

Result<std::vector<ObservedContainer>> NodeController::observe() {
    auto listed = engine_.list_by_label(kLabelNode, node_);
    if (!listed.ok()) return listed.error();
    std::vector<ObservedContainer> observed;
    std::set<std::string> ids;
    std::set<std::string> image_ids;
    for (auto& summary : *listed) {
        ObservedContainer container = summary.observed;
        ids.insert(container.id);
        bool running = container.state == "running";
        std::string reference = summary.image;
        auto cached = inspected_.find(container.id);
        if (running && cached != inspected_.end()) {
            container.memory_limit = cached->second.memory_limit;
            container.engine_restarts = cached->second.engine_restarts;
            reference = cached->second.image;
        } else {
            // Stopped containers need their exit code and OOM flag for restart decisions and
            // the report; new and restarted ones their memory limit and restart count.
            auto details = engine_.inspect(container.id);
            if (details.ok()) {
                container = details->observed;
                if (!details->image.empty()) reference = details->image;
                inspected_[container.id] = {container.memory_limit, container.engine_restarts,
                                            reference};
            } else {
                spdlog::warn("cannot inspect {}: {}", container.name, details.error().message);
            }
        }
        container.image_digest = image_digest(reference, container.image_id);
        image_ids.insert(container.image_id);
        observed.push_back(std::move(container));
    }
    std::erase_if(inspected_, [&](const auto& entry) { return ids.count(entry.first) == 0; });
    std::erase_if(repo_digests_,
                  [&](const auto& entry) { return image_ids.count(entry.first) == 0; });
    return observed;
}

std::string NodeController::image_digest(const std::string& image, const std::string& image_id) {
    if (image_id.empty()) return "";
    auto cached = repo_digests_.find(image_id);
    if (cached == repo_digests_.end()) {
        auto digests = engine_.image_repo_digests(image_id);
        if (!digests.ok()) {
            // Asked again on the next pass; the report says "unknown" meanwhile.
            spdlog::warn("cannot inspect image {}: {}", image_id, digests.error().message);
            return "";
        }
        cached = repo_digests_.emplace(image_id, std::move(*digests)).first;
    }
    return choose_repo_digest(image, cached->second);
}

bool NodeController::apply(const std::vector<ReconcileAction>& actions, int64_t now_ms) {
    bool removals_done = true;
    for (const auto& outcome : executor_.apply(actions, desired_->generation)) {
        if (outcome.action.kind == ReconcileAction::Kind::kRemove && !outcome.status.ok()) {
            removals_done = false;
        }
        if (outcome.action.kind == ReconcileAction::Kind::kRestart && outcome.status.ok()) {
            insight_.record_health_restart(outcome.action.container_id);
            http_checker_.forget(outcome.action.container_id);
        }
        if (outcome.action.kind == ReconcileAction::Kind::kCreate) {
            const DesiredContainer& want = outcome.action.desired;
            auto key = std::make_tuple(want.stack, want.service, want.replica);
            if (outcome.status.ok()) {
                failed_creates_.erase(key);
            } else {
                auto known = failed_creates_.find(key);
                failed_creates_[key] = after_failed_create(
                    {want.stack, want.service, want.replica, want.spec_hash,
                     outcome.status.error().message},
                    known == failed_creates_.end() ? nullptr : &known->second, now_ms,
                    std::uniform_real_distribution<double>(0.0, 1.0)(jitter_random_));
                pass_again_at(failed_creates_[key].retry_at_ms);
            }
            continue;
        }
        if (outcome.action.kind != ReconcileAction::Kind::kStart) continue;
        const std::string& id = outcome.action.container_id;
        if (outcome.status.ok()) {
            failed_starts_.erase(id);
            continue;
        }
        const std::string& error = outcome.status.error().message;
        // A task the engine lost track of (dockerd killed mid-start) fails every start: only a
        // new container runs, so replace it now rather than after kMaxFailedStarts tries.
        failed_starts_[id] = is_stale_task_error(error) ? kMaxFailedStarts : failed_starts_[id] + 1;
        remember_failed_start(outcome.action, error);
    }
    return removals_done;
}

void NodeController::remember_failed_start(const ReconcileAction& action,
                                           const std::string& error) {
    const DesiredContainer& want = action.desired;
    failed_creates_[std::make_tuple(want.stack, want.service, want.replica)] = {
        want.stack,
        want.service,
        want.replica,
        want.spec_hash,
        "cannot start: " + error,
        CreateFailure::Stage::kStart};
}

void NodeController::withhold_refused(std::vector<ReconcileAction>& actions) {
    for (CreateFailure& failure : withhold_refused_creates(*policy_, actions)) {
        auto key = std::make_tuple(failure.stack, failure.service, failure.replica);
        auto known = failed_creates_.find(key);
        // Logged once per spec, not on every pass.
        if (known == failed_creates_.end() || known->second != failure) {
            spdlog::warn("not creating {}/{} replica {}: {}", failure.stack, failure.service,
                         failure.replica, failure.message);
        }
        failed_creates_[key] = std::move(failure);
    }
}

void NodeController::mark_unstartable(std::vector<ObservedContainer>& observed) {
    std::set<std::string> ids;
    for (auto& container : observed) {
        // A running container has started, whoever started it; its count begins again.
        if (container.state != "running") ids.insert(container.id);
        auto failures = failed_starts_.find(container.id);
        if (failures == failed_starts_.end() || failures->second < kMaxFailedStarts) continue;
        if (container.state == "running") continue;
        spdlog::warn("{} failed to start {} times in a row; replacing it", container.name,
                     failures->second);
        container.state = "dead";
    }
    // Forget containers that are gone (the replaced ones among them) or running.
    std::erase_if(failed_starts_, [&](const auto& entry) { return ids.count(entry.first) == 0; });
}

void NodeController::defer_backed_off_starts(std::vector<ReconcileAction>& actions,
                                             const std::vector<ObservedContainer>& observed,
                                             int64_t now_ms) {
    std::set<std::string> exited;
    for (const auto& container : observed) {
        if (container.state == "exited") exited.insert(container.id);
    }
    std::erase_if(actions, [&](const ReconcileAction& action) {
        // Only a container that ran and exited waits; one whose start failed is retried each
        // pass and replaced after kMaxFailedStarts (mark_unstartable).
        if (action.kind != ReconcileAction::Kind::kStart || !exited.count(action.container_id)) {
            return false;
        }
        int64_t due = backoff_.next_start_ms(action.container_id, now_ms);
        if (due <= now_ms) return false;
        deferred_starts_[action.container_id] = due;
        pass_again_at(due);
        return true;
    });
}

void NodeController::pass_again_at(int64_t due_ms) {
    next_deferred_start_ms_ = std::min(next_deferred_start_ms_.value_or(due_ms), due_ms);
}

void NodeController::defer_create_retries(std::vector<ReconcileAction>& actions, int64_t now_ms) {
    std::erase_if(actions, [&](const ReconcileAction& action) {
        if (action.kind != ReconcileAction::Kind::kCreate) return false;
        const DesiredContainer& want = action.desired;
        auto known = failed_creates_.find(std::make_tuple(want.stack, want.service, want.replica));
        if (known == failed_creates_.end() ||
            !create_waits(known->second, want.spec_hash, now_ms)) {
            return false;
        }
        pass_again_at(known->second.retry_at_ms);
        return true;
    });
}

void NodeController::annotate_backoff(std::vector<ObservedContainer>& observed) const {
    for (auto& container : observed) {
        auto due = deferred_starts_.find(container.id);
        if (due == deferred_starts_.end() || container.state == "running") continue;
        container.restart_at_ms = due->second;
        container.quick_exits = backoff_.quick_restarts(container.id) + 1;  // this one too
    }
}

void NodeController::forget_settled_failures(const std::vector<ObservedContainer>& observed) {
    std::erase_if(failed_creates_, [&](const auto& entry) {
        const CreateFailure& failure = entry.second;
        bool still_desired = false;
        for (const auto& want : desired_->containers) {
            still_desired =
                still_desired ||
                (want.stack == failure.stack && want.service == failure.service &&
                 want.replica == failure.replica && want.spec_hash == failure.spec_hash);
        }
        // A failed create is answered by the container existing, a failed start by it running.
        bool answered = false;
        for (const auto& container : observed) {
            answered =
                answered ||
                (container.stack == failure.stack && container.service == failure.service &&
                 container.replica == failure.replica && container.spec_hash == failure.spec_hash &&
                 (failure.stage == CreateFailure::Stage::kCreate || container.state == "running"));
        }
        return !still_desired || answered;
    });
}

std::optional<NodeReport> NodeController::reconcile_pass(int64_t now_ms, PassLimits limits) {
    persist();
    auto observed = observe();
    if (!observed.ok()) {
        if (!engine_down_) {
            spdlog::error("container engine unreachable, will keep retrying: {}",
                          observed.error().message);
        }
        engine_down_ = true;
        return std::nullopt;
    }
    if (engine_down_) spdlog::info("container engine reachable again");
    engine_down_ = false;
    insight_.poll_engine_events(engine_, node_, now_ms);
    // A container started since (by the engine's restart policy, say) has a new restart
    // count: the next pass inspects it again.
    for (const auto& id : insight_.take_started()) inspected_.erase(id);
    deferred_starts_.clear();
    next_deferred_start_ms_.reset();
    std::set<std::string> existing;
    for (const auto& container : *observed) existing.insert(container.id);
    backoff_.forget_all_but(existing);

    if (desired_) {
        // A node cut off longer than a service's stop-after-disconnect runs it no more.
        DesiredSet effective = without_cut_off(*desired_, limits.out_of_touch_ms);
        bool cut_off = effective.containers.size() != desired_->containers.size();
        http_checker_.check(effective, *observed, engine_, now_ms);
        mark_unstartable(*observed);
        auto actions = order_first_starts(reconcile(effective, *observed, now_ms));
        if (policy_) withhold_refused(actions);
        defer_backed_off_starts(actions, *observed, now_ms);
        defer_create_retries(actions, now_ms);
        int held = limits.starts_allowed ? 0 : hold_starts(actions);
        if (held > 0) {
            spdlog::debug("fenced: holding {} create(s) and start(s) of generation {}", held,
                          desired_->generation);
        }
        bool networks_due = networks_ && (networks_dirty_ || !actions.empty());
        if (networks_due) networks_->ensure(effective);
        bool removals_done = true;
        if (!actions.empty()) {
            removals_done = apply(actions, now_ms);
            for (const auto& action : actions) {
                if (action.kind == ReconcileAction::Kind::kStart) {
                    backoff_.note_start(action.container_id, now_ms);
                }
            }
            auto after = observe();
            if (after.ok()) {
                observed = std::move(after);
                // Not due again so soon: this only carries the results over to the new list.
                http_checker_.check(effective, *observed, engine_, now_ms);
            }
        }
        if (networks_due) networks_dirty_ = !networks_->prune(effective);
        forget_settled_failures(*observed);
        // The hub counts a returning node as ready once it acknowledges its current generation,
        // so an acknowledgement must mean that every copy the set no longer wants is gone and
        // nothing was held back. Failed creates and starts do not withhold it: they are
        // reported per replica (failures) and can never make a replica run twice.
        if (held == 0 && !cut_off && removals_done) observed_generation_ = desired_->generation;
    }

    insight_.annotate(*observed, now_ms);
    annotate_backoff(*observed);
    NodeReport report;
    report.node = node_;
    report.observed_generation = observed_generation_;
    report.containers = std::move(observed).value();
    report.memory_used = memory_used(proc_root_);
    for (const auto& [key, failure] : failed_creates_) report.failures.push_back(failure);
    return report;
}

}  // namespace edge
