// edge-hub: keeps the cluster's desired state in SQLite and pushes it to the agents over MQTT.
#include <malloc.h>
#include <pthread.h>
#include <csignal>
#include <cstdio>
#include <map>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "core/memory/memsize.h"
#include "core/network/subnet_pool.h"
#include "hub/commands/certs_command.h"
#include "hub/commands/init_command.h"
#include "hub/commands/restore_command.h"
#include "hub/http/hub_api.h"
#include "hub/hub.h"
#include "hub/notify/webhook_config.h"
#include "security/broker/enrollment_service.h"
#include "supervision/service_notifier.h"

namespace {

// Parses a memory size flag; prints the error and returns false when it is not a size.
bool parse_size_flag(const char* flag, const std::string& text, int64_t* target) {
    if (text.empty()) return true;
    auto bytes = edge::parse_memory_size(text);
    if (!bytes) {
        std::fprintf(stderr, "%s: %s\n", flag, bytes.error().message.c_str());
        return false;
    }
    *target = *bytes;
    return true;
}

// Waits for SIGINT or SIGTERM, feeding systemd's watchdog meanwhile; returns the signal.
// A worker that has not gone round its loop for this long is stuck: the watchdog is left to
// expire (WatchdogSec=1min in the unit), and systemd restarts the hub. The longest honest pass,
// a full re-placement of a thousand nodes, takes a few seconds.
constexpr std::chrono::seconds kWorkerStallLimit{20};

int wait_for_stop_signal(const sigset_t& stop_signals, const edge::Hub& hub,
                         edge::ServiceNotifier& notifier) {
    bool reported_stall = false;
    while (true) {
        auto now = edge::ServiceNotifier::Clock::now();
        if (now - hub.last_turn() < kWorkerStallLimit) {
            notifier.keep_alive(now);
            reported_stall = false;
        } else if (!reported_stall) {
            spdlog::error(
                "the hub's worker has been stuck for over {}s; no watchdog keep-alive "
                "until it moves again",
                kWorkerStallLimit.count());
            reported_stall = true;
        }
        timespec wait{1, 0};
        int signal = sigtimedwait(&stop_signals, nullptr, &wait);
        if (signal > 0) return signal;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "restore") {
        return edge::run_restore_command(argc - 1, argv + 1);
    }
    if (argc > 1 && std::string(argv[1]) == "init") return edge::run_hub_init(argc - 1, argv + 1);
    if (argc > 1 && std::string(argv[1]) == "certs") {
        return edge::run_certs_command(argc - 1, argv + 1);
    }
    edge::HubOptions options;
    std::string log_level = "info";
    CLI::App app{"edge-hub: desired state for an edgeorch cluster"};
    // The systemd unit passes --config /etc/edgeorch/hub.conf: the same flags, one per line.
    app.set_config("--config", "", "read flags from this file (key = \"value\" lines)");
    app.add_option("--broker", options.broker_url, "MQTT broker, e.g. mqtt://127.0.0.1:1883")
        ->required();
    app.add_option("--db", options.db_path, "SQLite database file")->required();
    app.add_option("--secret-key", options.secret_key_path,
                   "key file that seals secrets at rest; created when missing (default: "
                   "secrets.key beside the database)");
    app.add_option("--prefix", options.topic_prefix, "MQTT topic prefix")->capture_default_str();
    app.add_option("--client-id", options.client_id, "MQTT client id")->capture_default_str();
    std::string node_reserve;
    std::string low_power_threshold;
    app.add_option("--node-reserve", node_reserve,
                   "Memory kept back on every node for the OS and engine (default 256MiB)");
    app.add_option("--low-power-threshold", low_power_threshold,
                   "Nodes with less RAM than this are low-power (default 4GiB)");
    std::string subnet_pool = edge::SubnetPool{}.range.text();
    int subnet_size = edge::SubnetPool{}.prefix;
    app.add_option("--stack-subnet-pool", subnet_pool,
                   "IPv4 range each stack's network gets its own subnet from, on every node "
                   "(docs/networking.md); keep it clear of your LAN and VPNs")
        ->capture_default_str();
    app.add_option("--stack-subnet-size", subnet_size,
                   "prefix length of each stack's subnet: 24 gives 253 container addresses per "
                   "stack and node, 26 gives 61 and four times as many stacks (16 to 28)")
        ->capture_default_str();
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
        ->capture_default_str();
    app.add_option("--username", options.username, "MQTT user name")->envname("EDGE_HUB_USERNAME");
    app.add_option("--password", options.password, "MQTT password")->envname("EDGE_HUB_PASSWORD");
    std::string tls_dir;
    app.add_option("--tls-dir", tls_dir,
                   "the TLS directory `edge-hub init` made (CA, CRL): joining nodes get "
                   "certificates from its CA, and revoked ones are listed in its CRL");
    auto milliseconds =
        CLI::AsNumberWithUnit(std::map<std::string, int64_t>{{"ms", 1}, {"s", 1000}},
                              CLI::AsNumberWithUnit::UNIT_REQUIRED, "DURATION");
    app.add_option("--heartbeat-timeout", options.liveness.heartbeat_timeout_ms,
                   "A node without a heartbeat this long is unreachable, e.g. 3s (default 3s)")
        ->transform(milliseconds)
        ->check(CLI::PositiveNumber);
    app.add_option("--down-after", options.liveness.down_after_ms,
                   "An unreachable node is down, and its replicas move, after this long "
                   "(default 4s)")
        ->transform(milliseconds)
        ->check(CLI::PositiveNumber);
    int64_t backup_interval = options.backup.interval.count();
    app.add_option("--backup-dir", options.backup.dir, "where backups go (default: DB.backups)");
    app.add_option("--backup-interval", backup_interval,
                   "seconds between backups of a changed database")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--backup-keep", options.backup.keep, "backups kept; older ones are deleted")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    // Learned memory limits (docs/memory.md). auto ships: a stated limit is never touched, and
    // a service that states none gets one learned from its own use instead of a guess.
    std::string default_memory = "auto";
    app.add_option("--default-memory", default_memory,
                   "memory limit of a service that states none and says no x-edge memory: auto "
                   "(learned from use, raised after an OOM kill) or fixed (256 MiB)")
        ->check(CLI::IsMember({"auto", "fixed"}))
        ->capture_default_str();
    auto long_durations = CLI::AsNumberWithUnit(
        std::map<std::string, int64_t>{{"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}},
        CLI::AsNumberWithUnit::UNIT_REQUIRED, "DURATION");
    app.add_option("--memory-observation", options.memory.window.observation_ms,
                   "running time a service is observed before a limit is learned for it, "
                   "e.g. 24h (default 24h)")
        ->transform(long_durations)
        ->check(CLI::PositiveNumber);
    std::string memory_ceiling;
    app.add_option("--memory-ceiling", memory_ceiling,
                   "no learned or raised limit goes above this (default 16GiB; the largest "
                   "node's allocatable memory bounds it too)");
    std::vector<std::string> webhook_specs;
    app.add_option("--webhook", webhook_specs,
                   "post events to a webhook: \"FORMAT URL [events=KIND,...] [timeout=5s] "
                   "[retries=3]\", FORMAT ntfy, gotify, slack or discord; repeatable");
    std::string http_listen;
    app.add_option("--http-listen", http_listen,
                   "serve the HTTP API (docs/api.md) on ADDRESS:PORT, e.g. 127.0.0.1:8080; "
                   "callers send a token from `edgectl token create`");
    app.footer(
        "Restore a backup: edge-hub restore --db DB --from BACKUP\n"
        "Renew the broker's, hub's and edgectl's certificates: edge-hub certs renew --dir DIR");
    CLI11_PARSE(app, argc, argv);
    options.backup.interval = std::chrono::seconds(backup_interval);
    options.memory.default_mode =
        default_memory == "fixed" ? edge::MemoryMode::kFixed : edge::MemoryMode::kAuto;
    if (!parse_size_flag("--node-reserve", node_reserve, &options.placement.node_reserve) ||
        !parse_size_flag("--low-power-threshold", low_power_threshold,
                         &options.placement.low_power_threshold) ||
        !parse_size_flag("--memory-ceiling", memory_ceiling, &options.memory.policy.ceiling)) {
        return 2;
    }
    auto pool = edge::make_subnet_pool(subnet_pool, subnet_size);
    if (!pool) {
        std::fprintf(stderr, "%s\n", pool.error().message.c_str());
        return 2;
    }
    options.placement.stack_subnets = *pool;

    for (const auto& spec : webhook_specs) {
        auto webhook = edge::parse_webhook(spec);
        if (!webhook) {
            std::fprintf(stderr, "--webhook: %s\n", webhook.error().message.c_str());
            return 2;
        }
        options.webhooks.push_back(*webhook);
    }

    // Before any thread starts. glibc gives each thread that allocates its own arena and keeps
    // what the thread freed there; the HTTP server's threads build large answers (every
    // replica of a cluster) and would each hold on to that memory. The hub's work is serial on
    // its worker, so its threads rarely allocate at once and one arena serves them all; the
    // worker's malloc_trim returns what is free. At 50 nodes and 500 replicas with the API on:
    // 17 -> 15.9 MiB of RSS (bench/hub_scale.sh 50).
    mallopt(M_ARENA_MAX, 1);

    spdlog::set_default_logger(spdlog::stderr_color_mt("edge-hub"));
    spdlog::set_level(spdlog::level::from_str(log_level));

    // Block the stop signals before any thread starts, so only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto hub = edge::Hub::create(options);
    if (!hub) {
        spdlog::critical("{}", hub.error().message);
        return 1;
    }
    // On a broker with identities (see `edge-hub init`) the hub also manages node credentials.
    std::unique_ptr<edge::EnrollmentService> enrollment;
    if (!options.username.empty()) {
        auto created = edge::EnrollmentService::create(
            {options.broker_url, options.topic_prefix, options.client_id + "-enrollment",
             options.username, options.password, tls_dir});
        if (!created) {
            spdlog::critical("cannot start node enrollment: {}", created.error().message);
            return 1;
        }
        enrollment = std::move(*created);
        // Join tokens, joins and revocations belong in the event log beside everything else.
        enrollment->on_event([&hub = **hub](edge::Event event) {
            const std::string what = event.kind + " " + event.subject + ": " + event.message;
            if (edge::Status stored = hub.record_event(std::move(event), std::chrono::seconds(10));
                !stored) {
                spdlog::error("{} (not in the event log: {})", what, stored.error().message);
            }
        });
    }
    // Before the hub starts: the API's live streams take every event from the first.
    std::unique_ptr<edge::http::ApiServer> api;
    if (!http_listen.empty()) {
        auto started_api = edge::http::start_hub_api(
            **hub,
            {http_listen, tls_dir, options.broker_url, options.topic_prefix, enrollment.get()});
        if (!started_api) {
            spdlog::critical("{}", started_api.error().message);
            return 1;
        }
        api = std::move(*started_api);
    }
    if (edge::Status started = (*hub)->start(); !started) {
        spdlog::critical("{}", started.error().message);
        return 1;
    }
    if (enrollment && !enrollment->start()) {
        spdlog::critical("cannot start node enrollment");
        return 1;
    }
    edge::ServiceNotifier notifier;
    notifier.ready("serving " + options.db_path);
    int signal = wait_for_stop_signal(stop_signals, **hub, notifier);
    spdlog::info("stopping on signal {}", signal);
    notifier.stopping();
    if (api) api->stop();
    if (enrollment) enrollment->stop();
    (*hub)->stop();
    return 0;
}
