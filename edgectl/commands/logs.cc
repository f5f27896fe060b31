// edgectl logs SERVICE [-f] [--tail N] [--since DURATION]: the replicas' container logs, read
// by their agents on demand and relayed by the hub (routing in schema/topics.h). The session
// lives while this command renews its lease; Ctrl-C stops it at once.
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "edgectl/commands.h"
#include "edgectl/log_view.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

constexpr auto kRenewInterval = std::chrono::seconds(3);

std::atomic<bool> g_logs_stop_requested{false};

extern "C" void request_logs_stop(int) {
    g_logs_stop_requested.store(true);
}

// Prints the batches of one session as they arrive. Batches that come before the hub's answer
// (which names the service and the nodes) wait in a buffer.
class LogPrinter {
  public:
    LogPrinter(std::string session, OutputFormat format)
        : session_(std::move(session)), format_(format) {}

    void started(const std::string& service, std::set<std::string> nodes) {
        std::lock_guard lock(mutex_);
        service_ = service;
        progress_.emplace(std::move(nodes));
        for (const auto& batch : buffered_) print_locked(batch);
        buffered_.clear();
    }

    void receive(const MqttMessageIn& message) {
        auto batch = decode_log_batch(message.payload);
        std::lock_guard lock(mutex_);
        if (!batch) {
            std::cerr << "warning: ignoring a malformed log batch: " << batch.error().message
                      << std::endl;
            return;
        }
        if (batch->session != session_) return;
        last_batch_ = std::chrono::steady_clock::now();
        if (!progress_) {
            if (buffered_.size() < 1000) buffered_.push_back(std::move(*batch));
            return;
        }
        print_locked(*batch);
    }

    bool all_ended() {
        std::lock_guard lock(mutex_);
        return progress_ && progress_->all_ended();
    }
    std::string waiting_for() {
        std::lock_guard lock(mutex_);
        return progress_ ? progress_->waiting_for() : "";
    }
    bool any_errors() {
        std::lock_guard lock(mutex_);
        return progress_ && !progress_->errors().empty();
    }
    std::chrono::steady_clock::time_point last_batch() {
        std::lock_guard lock(mutex_);
        return last_batch_;
    }

  private:
    void print_locked(const LogBatch& batch) {
        for (const auto& line : batch.lines) {
            if (format_ == OutputFormat::kJson) {
                nlohmann::json row = {{"service", service_},
                                      {"replica", line.replica},
                                      {"node", batch.node},
                                      {"stream", line.stream == LogStream::kStderr ? "err" : "out"},
                                      {"text", line.text}};
                std::cout << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << '\n';
                continue;
            }
            // Like docker logs: what the container wrote to stderr goes to stderr.
            std::ostream& out = line.stream == LogStream::kStderr ? std::cerr : std::cout;
            out << render_log_line(service_, batch.node, line) << '\n';
        }
        std::cout.flush();
        if (!batch.error.empty()) {
            std::cerr << "warning: " << batch.node << ": " << batch.error << std::endl;
        }
        progress_->record(batch);
    }

    std::string session_;
    OutputFormat format_;
    std::mutex mutex_;
    std::string service_;                  // GUARDED_BY(mutex_)
    std::optional<LogProgress> progress_;  // GUARDED_BY(mutex_); set once the hub answered
    std::vector<LogBatch> buffered_;       // GUARDED_BY(mutex_)
    std::chrono::steady_clock::time_point last_batch_ = std::chrono::steady_clock::now();
};

int run_logs(const CommandContext& context, const LogsOptions& options) {
    const std::string session = new_log_session_id();
    auto args = logs_request_args(options, session, now_epoch_ms());
    if (!args) return fail(args.error().message, kExitUsage);
    auto connection_options = context.connection_options();
    if (!connection_options) return fail(connection_options.error().message, kExitUsage);
    const auto quiet_limit = connection_options->timeout;
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);

    LogPrinter printer(session, context.format());
    // Subscribe before asking, so no early line is lost.
    Status followed =
        (*hub)->follow_topic((*hub)->topics().logs_relay(session),
                             [&printer](const MqttMessageIn& m) { printer.receive(m); });
    if (!followed) return fail(followed.error().message);
    auto data = (*hub)->request(ops::kLogs, *args);
    if (!data) return fail(data.error().message);
    std::set<std::string> nodes;
    if (data->contains("nodes") && (*data)["nodes"].is_array()) {
        for (const auto& node : (*data)["nodes"]) {
            if (node.is_string()) nodes.insert(node.get<std::string>());
        }
    }
    printer.started(field_text(*data, "service"), nodes);
    int exit_code = kExitOk;
    if (data->contains("unreachable") && (*data)["unreachable"].is_array()) {
        for (const auto& node : (*data)["unreachable"]) {
            std::cerr << "warning: node " << field_text(node, "node") << " is "
                      << field_text(node, "state") << "; the logs of its replicas are not shown"
                      << std::endl;
            exit_code = kExitFailure;
        }
    }

    std::signal(SIGINT, request_logs_stop);
    std::signal(SIGTERM, request_logs_stop);
    const nlohmann::json session_args = {{"session", session}};
    auto next_renewal = std::chrono::steady_clock::now() + kRenewInterval;
    while (!g_logs_stop_requested.load()) {
        if (printer.all_ended()) {
            if (options.follow) std::cerr << "every replica's log stream has ended" << std::endl;
            // A node that could not read some logs said why (printed as a warning).
            if (printer.any_errors()) exit_code = kExitFailure;
            break;
        }
        auto now = std::chrono::steady_clock::now();
        if (!options.follow && now - printer.last_batch() > quiet_limit) {
            exit_code = fail("no answer from node(s): " + printer.waiting_for());
            break;
        }
        if (now >= next_renewal) {
            auto renewed = (*hub)->request(ops::kLogsRenew, session_args);
            if (!renewed) return fail("log session ended: " + renewed.error().message);
            next_renewal = std::chrono::steady_clock::now() + kRenewInterval;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Ends the streams at once rather than when the lease runs out.
    auto stopped = (*hub)->request(ops::kLogsStop, session_args);
    if (!stopped)
        std::cerr << "warning: cannot stop the log session: " << stopped.error().message
                  << std::endl;
    return exit_code;
}

}  // namespace

void add_logs_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<LogsOptions>();
    CLI::App* logs = app.add_subcommand("logs", "show the container logs of a service's replicas");
    logs->fallthrough();
    logs->add_option("service", options->service, "NAME or STACK/NAME")->required();
    logs->add_flag("-f,--follow", options->follow, "keep printing new lines until Ctrl-C");
    logs->add_option("--tail", options->tail, "show only the last N lines of each replica")
        ->check(CLI::Range(int64_t{0}, kMaxLogTail));
    logs->add_option("--since", options->since, "show lines from this long ago, e.g. 10m, 2h");
    logs->callback([&context, options] {
        context.set_action([&context, options] { return run_logs(context, *options); });
    });
}

}  // namespace edge::ctl
