#include "agent/logs/log_streamer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <vector>

namespace edge {

namespace {

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The container of each asked replica on `node`: a running one when there is one, else the
// newest. Several nodes may share one engine (tests, a NUC running two agents), hence the node.
std::vector<ContainerDetails> pick_containers(const std::vector<ContainerDetails>& all,
                                              const LogsCommand& command, const std::string& node) {
    std::vector<ContainerDetails> picked;
    for (int replica : command.replicas) {
        const ContainerDetails* best = nullptr;
        for (const auto& container : all) {
            const ObservedContainer& c = container.observed;
            if (c.service != command.service || c.replica != replica) continue;
            auto labelled = container.labels.find(kLabelNode);
            if (labelled == container.labels.end() || labelled->second != node) continue;
            bool running = c.state == "running";
            if (best == nullptr || (running && best->observed.state != "running") ||
                (running == (best->observed.state == "running") &&
                 c.generation > best->observed.generation)) {
                best = &container;
            }
        }
        if (best != nullptr) picked.push_back(*best);
    }
    return picked;
}

}  // namespace

bool LogStreamer::Session::alive(int64_t now_ms) {
    if (stop.load()) return false;
    std::lock_guard lock(mutex);
    return !lease.expired(now_ms);
}

LogStreamer::LogStreamer(std::string node, ContainerEngine& engine, LogEngine* logs,
                         Publish publish)
    : node_(std::move(node)), engine_(engine), logs_(logs), publish_(std::move(publish)) {}

LogStreamer::~LogStreamer() {
    stop_all();
}

Status LogStreamer::handle(std::string_view payload) {
    auto command = decode_logs_command(payload);
    if (!command) return command.error();
    reap();
    if (command->op == LogsOp::kStart) {
        start(std::move(*command));
        return ok_status();
    }
    std::shared_ptr<Session> session;
    {
        std::lock_guard lock(mutex_);
        auto found = sessions_.find(command->session);
        if (found != sessions_.end()) session = found->second;
    }
    // A renewal or stop for a session that already ended here is normal: nothing to do.
    if (!session) return ok_status();
    if (command->op == LogsOp::kStop) {
        session->stop.store(true);
    } else {
        std::lock_guard lock(session->mutex);
        session->lease.renew(steady_ms(), command->lease_ms);
    }
    return ok_status();
}

void LogStreamer::start(LogsCommand command) {
    auto session = std::make_shared<Session>(std::move(command), steady_ms());
    std::string refused;
    {
        std::lock_guard lock(mutex_);
        if (stopping_.load()) return;
        if (sessions_.contains(session->id)) return;  // a repeated start (QoS 1 redelivery)
        if (sessions_.size() >= kMaxSessions) {
            refused = "node " + node_ + " already streams " + std::to_string(kMaxSessions) +
                      " log sessions; try again later";
        } else {
            sessions_[session->id] = session;
            auto done = std::make_shared<std::atomic<bool>>(false);
            workers_.push_back({std::thread([this, session, done] {
                                    run_session(session);
                                    done->store(true);
                                }),
                                done});
        }
    }
    if (!refused.empty()) {
        spdlog::warn("log session {} refused: {}", session->id, refused);
        publish(session, {}, true, refused);
    }
}

void LogStreamer::run_session(const std::shared_ptr<Session>& session) {
    const LogsCommand& command = session->command;
    spdlog::info("log session {} started: {} replica(s) of {}/{}{}", session->id,
                 command.replicas.size(), command.stack, command.service,
                 command.follow ? ", following" : "");
    std::string error;
    std::vector<ContainerDetails> containers;
    if (logs_ == nullptr) {
        error = "this node's engine cannot read logs";
    } else {
        auto listed = engine_.list_by_label(kLabelStack, command.stack);
        if (!listed) {
            error = "cannot list containers on " + node_ + ": " + listed.error().message;
        } else {
            containers = pick_containers(*listed, command, node_);
            if (containers.empty()) error = "no container of " + command.service + " on " + node_;
        }
    }
    if (!containers.empty() &&
        streams_.fetch_add(containers.size()) + containers.size() > kMaxStreams) {
        streams_.fetch_sub(containers.size());
        error = "node " + node_ + " already streams " + std::to_string(kMaxStreams) +
                " containers' logs; try again later";
        containers.clear();
    }
    if (!containers.empty()) {
        std::vector<std::string> errors(containers.size());
        std::vector<std::thread> extra;
        for (size_t i = 1; i < containers.size(); ++i) {
            extra.emplace_back([this, &session, &containers, &errors, i] {
                errors[i] = stream(session, containers[i]);
            });
        }
        errors[0] = stream(session, containers[0]);
        for (auto& thread : extra) thread.join();
        for (const auto& e : errors) {
            if (!e.empty()) error += (error.empty() ? "" : "; ") + e;
        }
    }
    streams_.fetch_sub(containers.size());
    const char* why = session->stop.load()           ? "stopped"
                      : !session->alive(steady_ms()) ? "lease expired"
                      : stopping_.load()             ? "agent stopping"
                                                     : "logs ended";
    spdlog::info("log session {} ended: {}{}{}", session->id, why, error.empty() ? "" : "; ",
                 error);
    publish(session, {}, true, error);
    std::lock_guard lock(mutex_);
    sessions_.erase(session->id);
}

std::string LogStreamer::stream(const std::shared_ptr<Session>& session,
                                const ContainerDetails& container) {
    const int replica = container.observed.replica;
    LogBatcher batcher;
    int64_t last_publish = 0;
    auto flush = [&] {
        if (batcher.empty()) return;
        // Pacing: a chatty container is read as fast as the broker can take it, no faster.
        int64_t wait = last_publish + kMinPublishGapMs - steady_ms();
        if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        publish(session, batcher.take(), false, "");
        last_publish = steady_ms();
    };
    LogDemuxer demuxer([&](LogStream stream, std::string text) {
        if (batcher.add({replica, stream, std::move(text)}, steady_ms())) flush();
    });
    auto alive = [&] { return !stopping_.load() && session->alive(steady_ms()); };
    auto on_data = [&](std::string_view bytes) {
        demuxer.feed(bytes);
        // A quiet stream sends each chunk at once; a chatty one collects lines while its last
        // batch is younger than the publish gap (keep_going sends what is left when it pauses).
        int64_t now = steady_ms();
        if (!batcher.empty() &&
            (now - last_publish >= kMinPublishGapMs || batcher.due(now, kBatchWaitMs))) {
            flush();
        }
        return alive();
    };
    auto keep_going = [&] {
        if (batcher.due(steady_ms(), kBatchWaitMs)) flush();
        return alive();
    };
    Status streamed = logs_->stream_logs(container.observed.id, logs_query(session->command),
                                         on_data, keep_going);
    demuxer.finish();
    if (alive()) flush();
    if (!streamed) return "replica " + std::to_string(replica) + ": " + streamed.error().message;
    return "";
}

void LogStreamer::publish(const std::shared_ptr<Session>& session, std::vector<LogLine> lines,
                          bool end, const std::string& error) {
    LogBatch batch;
    batch.session = session->id;
    batch.node = node_;
    batch.lines = std::move(lines);
    batch.end = end;
    batch.error = error.substr(0, 1024);
    publish_(encode_log_batch(batch));
}

void LogStreamer::reap() {
    std::list<Worker> finished;
    {
        std::lock_guard lock(mutex_);
        for (auto it = workers_.begin(); it != workers_.end();) {
            if (it->done->load()) {
                finished.splice(finished.end(), workers_, it++);
            } else {
                ++it;
            }
        }
    }
    for (auto& worker : finished) worker.thread.join();
}

void LogStreamer::stop_all() {
    std::list<Worker> workers;
    {
        std::lock_guard lock(mutex_);
        stopping_.store(true);
        for (auto& [id, session] : sessions_) session->stop.store(true);
        workers.swap(workers_);
    }
    for (auto& worker : workers) worker.thread.join();
}

size_t LogStreamer::active_sessions() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace edge
