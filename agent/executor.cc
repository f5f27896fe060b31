#include "agent/executor.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "core/reconcile/action_batches.h"

namespace edge {

namespace {

const char* verb(ReconcileAction::Kind kind) {
    switch (kind) {
        case ReconcileAction::Kind::kCreate:
            return "create";
        case ReconcileAction::Kind::kStart:
            return "start";
        case ReconcileAction::Kind::kRemove:
            return "remove";
        case ReconcileAction::Kind::kRestart:
            return "restart";
    }
    return "act on";
}

Status with_context(const std::string& context, Status status) {
    if (status.ok()) return status;
    return make_error(context + ": " + status.error().message);
}

}  // namespace

std::vector<ActionOutcome> Executor::apply(const std::vector<ReconcileAction>& actions,
                                           int64_t generation) {
    std::vector<ActionOutcome> outcomes(actions.size());
    for (const auto& batch : concurrent_batches(actions)) {
        // Workers take the batch's actions in order from a shared counter; this thread is one.
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t k = next++; k < batch.size(); k = next++) {
                const ReconcileAction& action = actions[batch[k]];
                outcomes[batch[k]] = {action, carry_out(action, generation)};
            }
        };
        size_t workers = std::min(batch.size(), static_cast<size_t>(concurrency_));
        std::vector<std::thread> helpers;
        for (size_t w = 1; w < workers; ++w) helpers.emplace_back(work);
        work();
        for (auto& helper : helpers) helper.join();
    }
    return outcomes;
}

Status Executor::carry_out(const ReconcileAction& action, int64_t generation) {
    spdlog::info("{} {}: {}", verb(action.kind), action.container_name, action.why);
    Status status = ok_status();
    switch (action.kind) {
        case ReconcileAction::Kind::kCreate:
            status = create(action, generation);
            break;
        case ReconcileAction::Kind::kStart:
            status = start(action);
            break;
        case ReconcileAction::Kind::kRemove:
            status = remove(action);
            break;
        case ReconcileAction::Kind::kRestart:
            status = restart(action);
            break;
    }
    if (!status.ok()) {
        spdlog::error("cannot {} {}: {}", verb(action.kind), action.container_name,
                      status.error().message);
    }
    return status;
}

Status Executor::create(const ReconcileAction& action, int64_t generation) {
    const DesiredContainer& desired = action.desired;
    auto present = engine_.image_exists(desired.image);
    if (!present.ok()) return present.error();
    if (!*present) {
        // Replicas of one service created in the same batch need the same image: one pull.
        Status pulled = pulls_.run(desired.image, [&] {
            spdlog::info("pulling image {}", desired.image);
            Status status = engine_.pull(desired.image, [&](int64_t done, int64_t total) {
                pull_board_.update(desired.image, done, total);
            });
            pull_board_.finish(desired.image);
            return status;
        });
        if (!pulled.ok()) return pulled;
    }
    DesiredContainer prepared = desired;
    if (prepare_) {
        std::lock_guard lock(prepare_mutex_);
        auto made = prepare_(desired, action.container_name);
        if (!made.ok()) return made.error();
        prepared = std::move(*made);
    }
    ContainerCreateSpec spec{action.container_name, node_, generation, prepared};
    auto id = engine_.create(spec);
    if (!id.ok()) return id.error();
    return with_context("created " + id->substr(0, 12) + " but could not start it",
                        engine_.start(*id));
}

Status Executor::start(const ReconcileAction& action) {
    return engine_.start(action.container_id);
}

Status Executor::restart(const ReconcileAction& action) {
    // The same container, not a new one: its writable layer and anonymous volumes are kept,
    // as a restart by the engine's own policy would keep them.
    Status stopped = engine_.stop(action.container_id, stop_timeout_seconds_);
    if (!stopped.ok()) return with_context("stopping for a restart", stopped);
    return engine_.start(action.container_id);
}

Status Executor::remove(const ReconcileAction& action) {
    // Re-check ownership at the engine: an id from a stale listing, or a container someone
    // relabelled, must never cost a person their own container.
    auto details = engine_.inspect(action.container_id);
    if (!details.ok()) return details.error();
    auto node = details->labels.find(kLabelNode);
    if (node == details->labels.end() || node->second != node_) {
        return make_error("refusing to remove " + action.container_id +
                          ": it does not carry the label " + kLabelNode + "=" + node_);
    }
    // A service's stop_grace_period, when it has one, is the time it asked for to shut down.
    int timeout =
        details->stop_timeout_seconds >= 0 ? details->stop_timeout_seconds : stop_timeout_seconds_;
    Status stopped = engine_.stop(action.container_id, timeout);
    if (!stopped.ok()) {
        // Forced removal still kills it; log why the polite stop failed.
        spdlog::warn("stopping {} failed, removing by force: {}", action.container_name,
                     stopped.error().message);
    }
    return engine_.remove(action.container_id);
}

}  // namespace edge
