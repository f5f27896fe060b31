// EngineWatcher: follows the engine's container events for this node's containers on its own
// thread and hands each to a callback, so the agent runs a reconcile pass the moment a replica
// dies, is OOM-killed, is removed or changes health, instead of at its next periodic pass. The
// periodic pass stays as the safety net (level-triggered): an event missed while the stream was
// down costs at most one pass interval. When the stream fails or ends (the engine restarted, the
// socket is gone), the watcher calls `on_gap` (something may have happened unseen) and
// reconnects after a backoff that doubles from 0.5 s to 10 s, logging the outage once.
// Thread-safety: start() and stop() from one thread; the callbacks run on the watcher's thread
// and must only hand work over.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "agent/engine/engine.h"

namespace edge {

class EngineWatcher {
  public:
    using EventHandler = std::function<void(const EngineEvent&)>;
    using GapHandler = std::function<void()>;

    // Watches containers labelled `label_key=label_value` (the node's own).
    EngineWatcher(ContainerEngine& engine, std::string label_key, std::string label_value,
                  EventHandler on_event, GapHandler on_gap);
    ~EngineWatcher();
    EngineWatcher(const EngineWatcher&) = delete;
    EngineWatcher& operator=(const EngineWatcher&) = delete;

    void start();
    // Ends the stream within about a second and joins the thread.
    void stop();

    // The wait before reconnecting after `failures` failed or ended streams in a row.
    static std::chrono::milliseconds reconnect_delay(int failures);

  private:
    void run();
    // Sleeps for `delay` unless stop() comes first; returns false when stopping.
    bool wait_unless_stopping(std::chrono::milliseconds delay);

    ContainerEngine& engine_;
    std::string label_key_;
    std::string label_value_;
    EventHandler on_event_;
    GapHandler on_gap_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

}  // namespace edge
