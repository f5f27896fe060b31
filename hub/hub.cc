#include "hub/hub.h"

#include <future>

#include <chrono>
#include <filesystem>
#include <optional>

#include <malloc.h>
#include <spdlog/spdlog.h>

#include "hub/notify/environment_webhooks.h"
#include "hub/state/desired_state.h"
#include "hub/store/sqlite_store.h"
#include "hub/wall_clock.h"

namespace edge {

Result<std::unique_ptr<Hub>> Hub::create(HubOptions options) {
    if (options.backup.dir.empty()) options.backup.dir = default_backup_dir(options.db_path);
    auto store = SqliteStore::open(options.db_path, options.backup.dir);
    if (!store) return store.error();
    auto backups = BackupScheduler::create(options.db_path, options.backup);
    if (!backups) return backups.error();
    Topics topics(options.topic_prefix);
    if (options.secret_key_path.empty()) {
        options.secret_key_path = default_secret_key_path(options.db_path);
    }
    auto cipher = SecretCipher::load_or_create(options.secret_key_path);
    if (!cipher) return cipher.error();
    auto sealing = std::make_unique<SecretCipher>(std::move(*cipher));
    auto core = HubCore::create(std::move(*store), options.placement, topics, options.liveness);
    if (!core) return core.error();
    (*core)->use_secret_cipher(sealing.get());
    (*core)->configure_memory(options.memory);

    MqttOptions mqtt_options;
    mqtt_options.broker_url = options.broker_url;
    mqtt_options.client_id = options.client_id;
    mqtt_options.username = options.username;
    mqtt_options.password = options.password;
    auto mqtt = MqttClient::create(mqtt_options);
    if (!mqtt) return mqtt.error();
    return std::unique_ptr<Hub>(new Hub(std::move(options), std::move(sealing), std::move(*core),
                                        std::move(*mqtt), std::move(*backups)));
}

std::string default_secret_key_path(const std::string& db_path) {
    return (std::filesystem::path(db_path).parent_path() / "secrets.key").string();
}

Hub::Hub(HubOptions options, std::unique_ptr<SecretCipher> cipher, std::unique_ptr<HubCore> core,
         std::unique_ptr<MqttClient> mqtt, std::unique_ptr<BackupScheduler> backups)
    : options_(std::move(options)),
      topics_(options_.topic_prefix),
      cipher_(std::move(cipher)),
      core_(std::move(core)),
      mqtt_(std::move(mqtt)),
      backups_(std::move(backups)) {
    if (!options_.webhooks.empty()) {
        webhooks_ = std::make_unique<WebhookSender>(options_.webhooks);
        spdlog::info("posting events to {} webhook(s)", options_.webhooks.size());
    }
}

Hub::~Hub() {
    stop();
}

Status Hub::start() {
    mqtt_->on_message([this](const MqttMessageIn& message) {
        enqueue({Task::Kind::kMessage, message});
    });
    mqtt_->on_connect([this] {
        spdlog::info("connected to {}", options_.broker_url);
        enqueue({Task::Kind::kRepublishAll, {}});
    });
    for (const std::string& filter :
         {topics_.all_status(), topics_.all_reports(), topics_.requests(),
          topics_.all_environment_requests(), topics_.all_node_logs(), topics_.all_fetches(),
          topics_.all_job_outputs()}) {
        if (Status s = mqtt_->subscribe(filter, 1); !s) return s;
    }
    spdlog::info("edge-hub started: {} node(s), {} stack(s) in {}", core_->state().nodes.size(),
                 core_->state().stacks.size(), options_.db_path);
    last_turn_.store(std::chrono::steady_clock::now().time_since_epoch().count());
    reload_environment_webhooks();
    worker_ = std::thread([this] { work(); });
    backups_->start();
    return mqtt_->start();
}

void Hub::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    mqtt_->stop();
    backups_->stop();
}

size_t Hub::size_of(const Task& task) {
    const MqttMessageIn& m = task.message;
    return task.who.token.size() + task.request_bytes + m.topic.size() + m.payload.size() +
           m.response_topic.size() + m.correlation_data.size() + task.event.kind.size() +
           task.event.subject.size() + task.event.message.size();
}

std::string Hub::sender_of(const Task& task) const {
    // The broker's access rules vouch for these: a node publishes under its own topics only,
    // an environment's identity on its own request topic only.
    switch (task.kind) {
        case Task::Kind::kRepublishAll:
            return "hub";
        case Task::Kind::kApiRequest:
            return "http-api";
        case Task::Kind::kEvent:
            return "enrollment";
        case Task::Kind::kMessage:
            break;
    }
    const std::string& topic = task.message.topic;
    if (std::string node = topics_.node_of_any(topic); !node.empty()) return "node/" + node;
    if (std::string env = topics_.environment_of_requests(topic); !env.empty()) {
        return "environment/" + env;
    }
    return topic;
}

bool Hub::enqueue(Task task) {
    // Outside the lock: the network thread holds it for every message it hands over.
    const size_t bytes = size_of(task);
    const std::string sender = sender_of(task);
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        if (task.kind == Task::Kind::kMessage) note_arrival(task.message.topic);
        auto verdict = budget_.admit(bytes);
        if (verdict == InboundBudget::Verdict::kAccepted &&
            !queue_.push(sender, std::move(task), bytes)) {
            budget_.release(bytes);
            verdict = InboundBudget::Verdict::kFull;
        }
        if (verdict != InboundBudget::Verdict::kAccepted) {
            // A flood must not exhaust memory; agents repeat their state, edgectl retries. A
            // message larger than any edgeorch message is not one, and is never queued.
            if (overflow_log_.allow(wall_clock_ms())) {
                spdlog::warn("{}; dropping a message from {}",
                             verdict == InboundBudget::Verdict::kTooLarge
                                 ? "message of " + std::to_string(bytes) +
                                       " bytes is larger than any edgeorch message"
                                 : "hub is overloaded (" + std::to_string(queue_.size()) +
                                       " queued, " + std::to_string(queue_.queued(sender)) +
                                       " from this sender)",
                             sender);
            }
            return false;
        }
    }
    wake_.notify_one();
    return true;
}

void Hub::note_arrival(const std::string& topic) {
    auto node_topic = topics_.parse_node_topic(topic);
    if (!node_topic || node_topic->kind != NodeTopicKind::kReport) return;
    // Bounded like the queue: names that are no node's (an open broker lets anyone publish)
    // must not grow it while the worker is busy; the core keeps known nodes' only.
    if (report_arrivals_.size() >= kMaxQueuedTasks &&
        !report_arrivals_.contains(node_topic->node)) {
        return;
    }
    report_arrivals_[node_topic->node] = wall_clock_ms();
}

Result<ApiReply> Hub::call_api(const ApiPrincipal& who, Request request,
                               std::chrono::milliseconds timeout) {
    auto promise = std::make_shared<std::promise<ApiReply>>();
    std::future<ApiReply> reply = promise->get_future();
    Task task;
    task.kind = Task::Kind::kApiRequest;
    task.who = who;
    task.request_bytes = request.op.size() + request.args.dump().size();
    task.request = std::move(request);
    task.reply = [promise](ApiReply answer) { promise->set_value(std::move(answer)); };
    if (!enqueue(std::move(task))) return make_error("the hub is overloaded or stopping");
    if (reply.wait_for(timeout) != std::future_status::ready) {
        return make_error("the hub did not answer in time");
    }
    return reply.get();
}

Status Hub::record_event(Event event, std::chrono::milliseconds timeout) {
    auto promise = std::make_shared<std::promise<bool>>();
    std::future<bool> stored = promise->get_future();
    Task task;
    task.kind = Task::Kind::kEvent;
    task.event = std::move(event);
    task.recorded = [promise](bool done) { promise->set_value(done); };
    if (!enqueue(std::move(task))) return make_error("the hub is overloaded or stopping");
    if (stored.wait_for(timeout) != std::future_status::ready) {
        return make_error("the hub did not store the event in time");
    }
    if (!stored.get()) return make_error("the hub could not store the event (see its log)");
    return ok_status();
}

std::chrono::steady_clock::time_point Hub::last_turn() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(last_turn_.load()));
}

size_t Hub::queued() {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void Hub::work() {
    auto next_tick = std::chrono::steady_clock::now() + kLivenessTick;
    bool worked_since_trim = false;
    for (;;) {
        last_turn_.store(std::chrono::steady_clock::now().time_since_epoch().count());
        std::optional<Task> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, next_tick, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            task = queue_.pop();
            if (task) budget_.release(size_of(*task));
        }
        hand_over_arrivals();
        if (task) run(*task);
        worked_since_trim = worked_since_trim || task.has_value();
        if (std::chrono::steady_clock::now() < next_tick) continue;
        next_tick = std::chrono::steady_clock::now() + kLivenessTick;
        // A deploy's burst of work (copies of the cluster state, desired sets, reports) leaves
        // freed memory in this thread's malloc arena, which glibc keeps; give it back, so the
        // hub's RSS is its working set and not its last peak. Cheap for a heap this size.
        if (worked_since_trim) {
            malloc_trim(0);
            worked_since_trim = false;
        }
        // Cut off from the broker, the hub hears nobody: that silence says nothing about nodes.
        if (mqtt_->connected()) {
            // The reports that came in while the task ran: one task can outlast the heartbeat
            // timeout (a 10,000-replica deploy in a slow build), and judged on the arrivals
            // known before it, nodes that kept reporting all along would look silent.
            hand_over_arrivals();
            Outcome ticked = core_->tick(wall_clock_ms());
            publish_outcome(ticked, {});
        }
    }
}

void Hub::hand_over_arrivals() {
    std::map<std::string, int64_t> arrivals;
    {
        std::lock_guard lock(mutex_);
        arrivals.swap(report_arrivals_);
    }
    if (!arrivals.empty()) core_->reports_arrived(arrivals);
}

void Hub::run(const Task& task) {
    if (task.kind == Task::Kind::kRepublishAll) {
        core_->start_watching(wall_clock_ms());
        std::vector<std::string> nodes = core_->node_names();
        publish_desired(nodes);
        spdlog::info("republished the desired sets of {} node(s)", nodes.size());
        return;
    }
    if (task.kind == Task::Kind::kApiRequest) {
        ApiReply reply = core_->handle_api_request(task.who, task.request, wall_clock_ms());
        publish_outcome(reply.outcome, {});
        task.reply(std::move(reply));
        return;
    }
    if (task.kind == Task::Kind::kEvent) {
        const int64_t now_ms = wall_clock_ms();
        Event event = task.event;
        event.time_ms = now_ms;
        Outcome outcome = core_->record_event(std::move(event), now_ms);
        const bool stored = !outcome.events.empty();  // empty: the store refused it
        publish_outcome(outcome, {});
        task.recorded(stored);
        return;
    }
    const MqttMessageIn& message = task.message;
    Outcome outcome = core_->handle_message(message.topic, message.payload,
                                            !message.response_topic.empty(), wall_clock_ms());
    publish_outcome(outcome, message);
}

void Hub::reload_environment_webhooks() {
    auto loaded = core_->environment_webhooks();
    if (!loaded) {
        // The hub keeps serving; the environment's events still go to --webhook and MQTT.
        spdlog::error("environment webhooks: {}", loaded.error().message);
        return;
    }
    std::erase_if(environment_webhooks_,
                  [&](const auto& entry) { return !loaded->contains(entry.first); });
    for (auto& [environment, webhooks] : *loaded) {
        EnvironmentWebhooks& current = environment_webhooks_[environment];
        if (current.sender && current.webhooks == webhooks) continue;
        spdlog::info("posting environment {}'s events to {} webhook(s)", environment,
                     webhooks.size());
        current.sender.reset();  // the old one finishes before the new one starts
        current.webhooks = webhooks;
        current.sender = std::make_unique<WebhookSender>(std::move(webhooks));
    }
}

void Hub::publish_outcome(Outcome& outcome, const MqttMessageIn& request) {
    if (outcome.environments_changed) reload_environment_webhooks();
    publish_desired({outcome.publish_nodes.begin(), outcome.publish_nodes.end()},
                    std::move(outcome.built_sets));
    for (const auto& set : outcome.final_sets) {
        publish({topics_.desired(set.node), encode_desired(set), 1, true, "", ""});
    }
    for (const auto& event : outcome.events) {
        auto level = event.kind == "rejected" ? spdlog::level::warn : spdlog::level::info;
        spdlog::log(level, "{} {}: {}", event.kind, event.subject, event.message);
        publish({topics_.events(), encode_event(event), 0, false, "", ""});
        if (event_sink_) event_sink_(event);
        if (webhooks_) webhooks_->post(event);
        if (!environment_webhooks_.empty()) {
            auto sender = environment_webhooks_.find(event_environment(core_->state(), event));
            if (sender != environment_webhooks_.end()) sender->second.sender->post(event);
        }
    }
    for (const auto& message : outcome.publications) {
        if (log_relay_sink_ && log_relay_sink_(message)) continue;
        publish({message.topic, message.payload, message.qos, false, "", ""});
    }
    if (outcome.response && !request.response_topic.empty()) {
        publish({request.response_topic, encode_response(*outcome.response), 1, false, "",
                 request.correlation_data});
    }
}

void Hub::publish_desired(const std::vector<std::string>& nodes, std::vector<DesiredSet> built) {
    if (nodes.empty()) return;
    for (const DesiredSet& set : desired_sets(core_->state(), nodes, std::move(built))) {
        spdlog::debug("desired set of {}: generation {}, {} container(s)", set.node, set.generation,
                      set.containers.size());
        publish({topics_.desired(set.node), encode_desired(set), 1, true, "", ""});
    }
}

void Hub::publish(const MqttMessageOut& message) {
    // While disconnected this fails; the reconnect republishes every desired set.
    if (Status s = mqtt_->publish(message); !s) spdlog::debug("{}", s.error().message);
}

}  // namespace edge
