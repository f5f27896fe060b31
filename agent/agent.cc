#include "agent/agent.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "agent/engine/docker_engine.h"
#include "agent/files/secret_tmpfs.h"
#include "agent/logs/job_output_reader.h"
#include "agent/observe/advertise_address.h"
#include "agent/observe/device_scan.h"
#include "agent/observe/facts.h"
#include "agent/policy/policy_file.h"
#include "core/memory/memsize.h"
#include "schema/job_messages.h"
#include "schema/messages.h"

namespace edge {

namespace {

constexpr const char* kAgentVersion = "0.1.0";

// Milliseconds on the steady clock, the one MqttClient::last_contact_ms() uses.
int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

FenceConfig fence_config(const AgentOptions& options) {
    return {.stale_after_ms = options.fence_after.count(),
            .boot_wait_ms = options.fence_wait.count(),
            .pass_interval_ms = options.report_interval.count()};
}

std::string advertised_address(const AgentOptions& options) {
    if (!options.advertise_addr.empty()) return options.advertise_addr;
    auto detected = detect_advertise_address(options.broker_url);
    if (detected.ok()) return *detected;
    // Not fatal: the node still runs work; only consumers on other nodes cannot reach it.
    spdlog::warn("no address to advertise, services here are unreachable from other nodes: {}",
                 detected.error().message);
    return "";
}

}  // namespace

Result<std::unique_ptr<Agent>> Agent::create(AgentOptions options) {
    // A policy file with a bad line stops the agent: running with a policy its owner did not
    // mean, wider or narrower, is worse than not running.
    auto policy =
        load_node_policy(options.policy_file, options.policy_file_given, options.state_dir);
    if (!policy.ok()) return policy.error();
    options.policy = std::move(policy).value();
    auto engine = DockerEngine::create(options.engine_endpoint);
    if (!engine.ok()) return engine.error();
    auto store = FileStateStore::open(options.state_dir);
    if (!store.ok()) return store.error();
    auto broker = parse_broker_url(options.broker_url);
    if (!broker.ok()) return broker.error();
    auto agent =
        std::make_unique<Agent>(options, std::move(engine).value(), std::move(store).value());
    // Here, not in the constructor: the engine client is thread-safe, a test's fake need not be.
    agent->controller_.use_concurrency(options.concurrency);
    return agent;
}

Agent::Agent(const AgentOptions& options, std::unique_ptr<ContainerEngine> engine,
             std::unique_ptr<StateStore> store)
    : options_(options),
      topics_(options.topic_prefix),
      engine_(std::move(engine)),
      store_(std::move(store)),
      controller_(*engine_, *store_, options.node),
      fence_(fence_config(options), steady_ms()),
      fetcher_([this](const std::string& payload) -> Status {
          if (!mqtt_ || !mqtt_->connected()) return make_error("not connected to the broker");
          return mqtt_->publish(
              {.topic = topics_.fetch(options_.node), .payload = payload, .qos = 1});
      }),
      preparer_(
          options.state_dir,
          [this](const std::string& kind, const std::string& key, int64_t* version) {
              return fetcher_.fetch(kind, key, version);
          },
          [this] { return ensure_secret_tmpfs(options_.state_dir); }) {
    controller_.use_preparer([this](const DesiredContainer& container, const std::string& name) {
        return preparer_.prepare(container, name);
    });
    facts_ = apply_overrides(detect_facts({.data_dir = options.state_dir}), options.facts);
    facts_.address = advertised_address(options);
    facts_.devices = scan_devices(options.dev_root, options.declared_devices);
    // Agent::create reads the policy file; an agent built in a test runs the defaults.
    NodePolicy policy = options.policy ? *options.policy : default_node_policy(options.state_dir);
    facts_.policy = policy;
    controller_.use_policy(std::move(policy));
    // The Docker client manages networks too; an engine without them (a test's fake) leaves
    // containers on the engine's default network.
    if (auto* networks = dynamic_cast<NetworkEngine*>(engine_.get())) {
        controller_.use_networks(*networks);
    }
}

Agent::~Agent() {
    if (mqtt_) mqtt_->stop();
}

void Agent::refresh_devices() {
    auto devices = scan_devices(options_.dev_root, options_.declared_devices);
    if (devices == facts_.devices) return;
    spdlog::info("devices changed: {} now", devices.size());
    {
        // publish_status runs on the network thread too (on every connect).
        std::lock_guard lock(facts_mutex_);
        facts_.devices = std::move(devices);
    }
    if (mqtt_ && mqtt_->connected()) publish_status(true);
}

int64_t Agent::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Agent::request_stop() {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    wake_.notify_all();
}

void Agent::on_connect() {
    spdlog::info("connected to broker {}", options_.broker_url);
    publish_status(true);
    // Report at once rather than at the next tick, so the hub sees this node's containers now.
    request_pass();
}

void Agent::request_pass() {
    std::lock_guard lock(mutex_);
    pass_requested_ = true;
    wake_.notify_all();
}

void Agent::on_message(const MqttMessageIn& message) {
    if (message.topic == topics_.logs_command(options_.node)) {
        // Starting a log session only spawns its thread; renew and stop only set flags.
        Status handled = log_streamer_->handle(message.payload);
        // Bad input is dropped and logged, never acted on; a flood logs only its first lines.
        if (!handled.ok() && log_rejections_logged_++ < 100) {
            spdlog::warn("dropped message on {}: {}", message.topic, handled.error().message);
        }
        return;
    }
    if (message.topic == topics_.fetched(options_.node)) {
        // The reconcile thread waits for it; handing it over is all the network thread does.
        fetcher_.deliver(message.payload);
        return;
    }
    // Runs on the network thread: queue only; the run() thread does the work.
    if (message.topic != topics_.desired(options_.node)) return;
    // Only the broker's answer to a subscription comes retained; a live set may be one the
    // broker queued before this agent was cut off, so it does not end a fence.
    std::lock_guard lock(mutex_);
    queue_desired(inbox_, {message.payload, message.retained ? steady_ms() : 0});
    wake_.notify_all();
}

void Agent::publish_status(bool online) {
    NodeFacts facts;
    if (online) {
        std::lock_guard lock(facts_mutex_);
        facts = facts_;
    }
    NodeStatus status{options_.node, online, std::move(facts), kAgentVersion};
    Status sent = mqtt_->publish({.topic = topics_.status(options_.node),
                                  .payload = encode_status(status),
                                  .qos = 1,
                                  .retain = true});
    if (!sent.ok()) spdlog::warn("cannot publish status: {}", sent.error().message);
}

void Agent::publish_report(const NodeReport& report) {
    std::lock_guard lock(report_mutex_);
    last_report_ = encode_report(report);
    last_report_data_ = report;
    // While disconnected, reports are dropped rather than queued: a burst of stale reports after
    // a reconnect says nothing the next fresh one does not.
    if (!mqtt_ || !mqtt_->connected()) return;
    Status sent =
        mqtt_->publish({.topic = topics_.report(options_.node), .payload = last_report_, .qos = 1});
    if (!sent.ok()) spdlog::warn("cannot publish report: {}", sent.error().message);
    last_report_sent_ = std::chrono::steady_clock::now();
}

void Agent::send_heartbeats() {
    const auto interval = options_.heartbeat_interval;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, interval / 4, [this] { return stop_requested_; })) return;
        }
        std::lock_guard report_lock(report_mutex_);
        auto now = std::chrono::steady_clock::now();
        if (last_report_.empty() || now - last_report_sent_ < interval) continue;
        if (!mqtt_->connected()) continue;
        // The run thread is busy (or idle between passes): repeat what it last observed, with
        // how far the pulls of a long pass have come.
        std::string payload = last_report_;
        if (auto pulls = controller_.pull_board().snapshot(); !pulls.empty()) {
            NodeReport report = last_report_data_;
            report.pulls = std::move(pulls);
            payload = encode_report(report);
        }
        Status sent =
            mqtt_->publish({.topic = topics_.report(options_.node), .payload = payload, .qos = 1});
        if (sent.ok()) last_report_sent_ = now;
    }
}

void Agent::ask_for_retained_desired() {
    Status asked = mqtt_->resubscribe(topics_.desired(options_.node));
    if (!asked.ok()) spdlog::warn("fencing: {}", asked.error().message);
}

PassLimits Agent::fence_limits() {
    FenceInput input{.now_ms = steady_ms(),
                     .last_contact_ms = mqtt_ ? mqtt_->last_contact_ms() : 0,
                     .last_desired_ms = last_retained_desired_ms_};
    FenceDecision decision = fence_.decide(input);
    if (decision.changed) {
        auto level =
            decision.verdict == FenceVerdict::kFresh ? spdlog::level::info : spdlog::level::warn;
        spdlog::log(level, "fencing: {}", decision.why);
    }
    if (decision.refresh && mqtt_) {
        ask_for_retained_desired();
    }
    return {.starts_allowed = decision.verdict != FenceVerdict::kHold,
            .out_of_touch_ms = fence_.out_of_touch_ms(input)};
}

void Agent::pass() {
    auto limits = fence_limits();
    fence_holding_ = !limits.starts_allowed;
    auto report = controller_.reconcile_pass(now_ms(), limits);
    if (!report) return;
    send_job_outputs(*report);
    publish_report(*report);
}

void Agent::send_job_outputs(const NodeReport& report) {
    const auto& desired = controller_.desired();
    auto* logs = dynamic_cast<LogEngine*>(engine_.get());
    if (!desired || logs == nullptr || !mqtt_) return;
    for (const auto& exited : job_outputs_.unsent(*desired, report.containers)) {
        JobOutputText text = read_job_output(*logs, exited.observed->id);
        JobOutput output{.stack = exited.desired->stack,
                         .service = exited.desired->service,
                         .replica = exited.desired->replica,
                         .job_run = exited.desired->job_run,
                         .job_attempt = exited.desired->job_attempt,
                         .exit_code = exited.observed->exit_code,
                         .oom_killed = exited.observed->oom_killed,
                         .output = std::move(text.text),
                         .truncated = text.truncated};
        // QoS 1, before the report that shows the exit: the hub removes the container once it
        // sees that, and the output would be gone with it.
        Status sent = mqtt_->publish({.topic = topics_.job_output(options_.node),
                                      .payload = encode_job_output(output),
                                      .qos = 1});
        if (!sent.ok()) {
            // Not marked sent: the next pass tries again, while the container is still there.
            spdlog::warn("cannot send a job's output: {}", sent.error().message);
            continue;
        }
        job_outputs_.mark_sent(exited.observed->id);
    }
}

Status Agent::run() {
    spdlog::info("advertising address {} to the hub",
                 facts_.address.empty() ? "(none)" : facts_.address);
    spdlog::info("edge-agent {} for node {}: {} RAM, {}, {} CPUs, {} storage, model \"{}\"",
                 kAgentVersion, options_.node, format_memory_size(facts_.memory_total), facts_.arch,
                 facts_.cpus, to_string(facts_.storage), facts_.model);
    controller_.load_state();
    // Ready as soon as the stored desired set is loaded: the first pass may pull images for
    // minutes, which the watchdog (WatchdogSec in systemd/edge-agent.service) allows for.
    notifier_.ready("running node " + options_.node);
    notifier_.keep_alive(std::chrono::steady_clock::now());
    // Before the broker: a rebooted node stops what its stored set no longer wants, and
    // starts what it wants once the broker confirms the set, or after --fence-wait without the
    // broker, so it brings its containers back even when the hub or the broker is down.
    // The watcher starts first, so nothing that happens after this pass goes unseen.
    watcher_ = std::make_unique<EngineWatcher>(
        *engine_, kLabelNode, options_.node,
        [this](const EngineEvent& event) {
            spdlog::debug("engine event: {} {}", event.action, event.container_id.substr(0, 12));
            request_pass();
            // The engine (dockerd 20.10) announces a death before its container list shows the
            // container stopped, so the pass this event wakes may still see it running: a
            // second pass shortly after settles it.
            if (event.action == "die") {
                std::lock_guard lock(mutex_);
                settle_pass_at_ =
                    std::min(settle_pass_at_, std::chrono::steady_clock::now() + kSettleAfterDeath);
            }
        },
        [this] { request_pass(); });
    watcher_->start();
    pass();

    MqttOptions mqtt_options;
    mqtt_options.broker_url = options_.broker_url;
    mqtt_options.client_id = "edge-agent-" + options_.node;
    mqtt_options.username = options_.username;
    mqtt_options.password = options_.password;
    mqtt_options.tls_ca_file = options_.tls_ca_file;
    mqtt_options.tls_cert_file = options_.tls_cert_file;
    mqtt_options.tls_key_file = options_.tls_key_file;
    mqtt_options.will =
        MqttMessageOut{.topic = topics_.status(options_.node),
                       .payload = encode_status({options_.node, false, {}, kAgentVersion}),
                       .qos = 1,
                       .retain = true};
    auto mqtt = MqttClient::create(std::move(mqtt_options));
    if (!mqtt.ok()) return mqtt.error();
    mqtt_ = std::move(mqtt).value();
    log_streamer_ = std::make_unique<LogStreamer>(
        options_.node, *engine_, dynamic_cast<LogEngine*>(engine_.get()),
        [this](const std::string& payload) {
            // QoS 0: a lost batch is a gap in a log view, not lost state; the view goes on.
            Status sent = mqtt_->publish(
                {.topic = topics_.node_log(options_.node), .payload = payload, .qos = 0});
            if (!sent.ok()) spdlog::debug("cannot publish log batch: {}", sent.error().message);
        });
    mqtt_->on_message([this](const MqttMessageIn& message) { on_message(message); });
    mqtt_->on_connect([this] { on_connect(); });
    Status subscribed = mqtt_->subscribe(topics_.desired(options_.node), 1);
    if (!subscribed.ok()) return subscribed;
    subscribed = mqtt_->subscribe(topics_.logs_command(options_.node), 1);
    if (!subscribed.ok()) return subscribed;
    subscribed = mqtt_->subscribe(topics_.fetched(options_.node), 1);
    if (!subscribed.ok()) return subscribed;
    Status started = mqtt_->start();
    if (!started.ok()) return started;
    heartbeat_ = std::thread([this] { send_heartbeats(); });

    auto next_pass = std::chrono::steady_clock::now() + options_.report_interval;
    while (true) {
        std::deque<DesiredMessage> payloads;
        bool pass_requested = false;
        // A start the last pass held back for a crash-loop backoff is due then.
        auto backoff_due = std::chrono::steady_clock::time_point::max();
        if (auto due_ms = controller_.next_deferred_start_ms()) {
            backoff_due = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(std::max<int64_t>(0, *due_ms - now_ms()));
        }
        {
            std::unique_lock lock(mutex_);
            // The watchdog is fed from this loop, so a pass that hangs (say, on the engine)
            // stops the keep-alives and systemd restarts the agent.
            wake_.wait_until(
                lock,
                std::min({next_pass, notifier_.next_keep_alive(), backoff_due, settle_pass_at_}),
                [&] { return stop_requested_ || pass_requested_ || !inbox_.empty(); });
            if (stop_requested_) break;
            payloads.swap(inbox_);
            pass_requested = pass_requested_;
            pass_requested_ = false;
            if (std::chrono::steady_clock::now() >= settle_pass_at_) {
                pass_requested = true;
                settle_pass_at_ = std::chrono::steady_clock::time_point::max();
            }
        }
        notifier_.keep_alive(std::chrono::steady_clock::now());
        bool changed = false;
        bool live_set = false;
        for (const auto& message : payloads) {
            changed = controller_.accept_desired(message.payload) || changed;
            last_retained_desired_ms_ = std::max(last_retained_desired_ms_, message.retained_at_ms);
            live_set = live_set || message.retained_at_ms == 0;
        }
        // A live set while fenced (the first one a new node gets, or one the hub sent again): the
        // broker has one retained now, and asking for it again ends the fence at once.
        if (fence_holding_ && live_set && mqtt_) {
            ask_for_retained_desired();
        }
        // While fenced, any set from the broker may be the confirmation that ends it.
        bool may_end_fence = fence_holding_ && !payloads.empty();
        auto now = std::chrono::steady_clock::now();
        if (changed || may_end_fence || pass_requested || now >= next_pass || now >= backoff_due) {
            refresh_devices();
            pass();
            next_pass = std::chrono::steady_clock::now() + options_.report_interval;
        }
    }

    heartbeat_.join();
    watcher_->stop();
    log_streamer_->stop_all();
    spdlog::info("stopping: marking node {} offline", options_.node);
    notifier_.stopping();
    if (mqtt_->connected()) publish_status(false);
    mqtt_->stop();
    log_streamer_.reset();
    mqtt_.reset();
    return ok_status();
}

}  // namespace edge
