// LogStreamer: the agent's side of `edgectl logs`. It takes the hub's LogsCommands from
// <prefix>/nodes/<node>/logs, reads the asked replicas' logs from the engine (one request per
// container, on its own thread), and publishes them in bounded batches on the node's own log
// topic. A session streams only while its lease lives: the hub renews it while edgectl runs,
// and a stop, an expired lease or the end of the logs closes the engine request at once.
// Memory stays bounded: at most kMaxSessions sessions and kMaxStreams containers at a time,
// each holding one partial line and one batch (log_stream.h).
// Thread-safety: handle() from one thread (the MQTT network thread); stop_all() from the owner.
// Publish runs on the stream threads and must be thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "agent/engine/engine.h"
#include "agent/engine/log_engine.h"
#include "agent/logs/log_stream.h"

namespace edge {

class LogStreamer {
  public:
    static constexpr size_t kMaxSessions = 4;
    static constexpr size_t kMaxStreams = 8;
    // Lines go out as they are read, but at most one batch per kMinPublishGapMs per container
    // (20 a second); lines that arrive in between are batched and wait at most kBatchWaitMs
    // while more arrive, or until the engine request's next idle check (about 1 s) if none do.
    static constexpr int64_t kBatchWaitMs = 200;
    static constexpr int64_t kMinPublishGapMs = 50;

    using Publish = std::function<void(const std::string& payload)>;

    // `logs` may be null (an engine that cannot read logs): every session then ends at once
    // with an error.
    LogStreamer(std::string node, ContainerEngine& engine, LogEngine* logs, Publish publish);
    ~LogStreamer();
    LogStreamer(const LogStreamer&) = delete;
    LogStreamer& operator=(const LogStreamer&) = delete;

    // One message from the node's logs topic. A malformed one is an error (the caller logs it).
    Status handle(std::string_view payload);
    // Ends every session and waits for the stream threads.
    void stop_all();
    size_t active_sessions();

  private:
    struct Session {
        std::string id;
        LogsCommand command;
        std::mutex mutex;
        LogLease lease;  // GUARDED_BY(mutex)
        std::atomic<bool> stop{false};
        Session(LogsCommand c, int64_t now_ms)
            : id(c.session), command(std::move(c)), lease(now_ms, command.lease_ms) {}
        bool alive(int64_t now_ms);
    };
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };

    void start(LogsCommand command);
    void run_session(const std::shared_ptr<Session>& session);
    // Streams one container; returns an error text ("" when fine).
    std::string stream(const std::shared_ptr<Session>& session, const ContainerDetails& container);
    void publish(const std::shared_ptr<Session>& session, std::vector<LogLine> lines, bool end,
                 const std::string& error);
    void reap();

    std::string node_;
    ContainerEngine& engine_;
    LogEngine* logs_;
    Publish publish_;
    std::atomic<bool> stopping_{false};
    std::atomic<size_t> streams_{0};

    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;  // GUARDED_BY(mutex_)
    std::list<Worker> workers_;                                 // GUARDED_BY(mutex_)
};

}  // namespace edge
