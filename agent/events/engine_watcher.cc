#include "agent/events/engine_watcher.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/reconcile/backoff.h"

namespace edge {

EngineWatcher::EngineWatcher(ContainerEngine& engine, std::string label_key,
                             std::string label_value, EventHandler on_event, GapHandler on_gap)
    : engine_(engine),
      label_key_(std::move(label_key)),
      label_value_(std::move(label_value)),
      on_event_(std::move(on_event)),
      on_gap_(std::move(on_gap)) {}

EngineWatcher::~EngineWatcher() {
    stop();
}

void EngineWatcher::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void EngineWatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::chrono::milliseconds EngineWatcher::reconnect_delay(int failures) {
    constexpr int64_t kFirstMs = 500;
    constexpr int64_t kMaxMs = 10'000;
    return std::chrono::milliseconds(capped_doubling(kFirstMs, kMaxMs, std::max(failures, 1)));
}

bool EngineWatcher::wait_unless_stopping(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void EngineWatcher::run() {
    int failures = 0;
    bool logged_outage = false;
    while (!stopping_) {
        bool got_event = false;
        auto handle = [&](const EngineEvent& event) {
            got_event = true;
            on_event_(event);
        };
        Status ended = engine_.follow_container_events(label_key_, label_value_, handle,
                                                       [this] { return !stopping_.load(); });
        if (stopping_) break;
        // The stream is gone: whatever happened until it is back went unseen.
        on_gap_();
        failures = got_event ? 1 : failures + 1;
        if (got_event) logged_outage = false;  // a new outage, not the same one going on
        if (!logged_outage) {
            spdlog::warn(
                "engine event stream {}; following it again, meanwhile passes find changes",
                ended.ok() ? "ended" : "failed: " + ended.error().message);
            logged_outage = true;
        }
        if (!wait_unless_stopping(reconnect_delay(failures))) break;
    }
}

}  // namespace edge
