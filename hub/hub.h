// Hub: edge-hub's wiring. It connects HubCore to the broker: MQTT messages arrive on the bus
// thread and are queued for one worker thread, so every decision runs single-threaded and in
// arrival order. After each message the worker publishes what the Outcome says, in order:
// desired sets (retained, QoS 1), events, then the response. On every (re)connect it
// republishes every node's desired set from the store, so correctness never depends on the
// broker having kept its retained messages.
// Thread-safety: create/start/stop from one thread; internals are synchronized.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bus/mqtt_client.h"
#include "core/placement/placement.h"
#include "hub/api/rate_limiter.h"
#include "hub/fair_queue.h"
#include "hub/files/secret_cipher.h"
#include "hub/hub_core.h"
#include "hub/inbound_budget.h"
#include "hub/notify/webhook_sender.h"
#include "hub/store/backup_scheduler.h"
#include "schema/messages.h"
#include "schema/topics.h"

namespace edge {

struct HubOptions {
    std::string broker_url;
    std::string db_path;
    std::string topic_prefix = kDefaultTopicPrefix;
    std::string client_id = "edge-hub";
    std::string username;
    std::string password;
    PlacementConfig placement;
    LivenessConfig liveness;
    BackupOptions backup;
    std::vector<Webhook> webhooks;  // where chosen events are posted (hub/notify/webhook_config.h)
    // The key that seals secrets at rest (hub/files/secret_cipher.h); created on first start
    // when missing. Empty: secrets.key beside the database, outside its backup directory.
    std::string secret_key_path;
    // Learned memory limits (docs/memory.md): --default-memory, --memory-observation,
    // --memory-ceiling.
    MemoryLearningConfig memory;
};

// secrets.key in the database's directory.
std::string default_secret_key_path(const std::string& db_path);

class Hub {
  public:
    // Opens and checks the database and prepares the MQTT client; does not connect yet.
    static Result<std::unique_ptr<Hub>> create(HubOptions options);
    ~Hub();
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    // Every event the hub publishes is also handed to `sink`, on the worker thread (the HTTP
    // API's live streams). Set before start().
    void on_event(std::function<void(const Event&)> sink) { event_sink_ = std::move(sink); }
    // The log batches of the sessions `sink` takes (the HTTP API's live logs) go to it, on the
    // worker thread, instead of to the broker: it gets each relay publication and returns true
    // when it took it. Set before start().
    void on_log_relay(std::function<bool(const Publication&)> sink) {
        log_relay_sink_ = std::move(sink);
    }

    // Starts the worker and the connection; returns at once (the client reconnects forever).
    Status start();
    // Stops taking messages, finishes the one in hand, and disconnects.
    void stop();

    // Runs a request of the HTTP API on the worker, in turn with the MQTT messages, and waits
    // for its reply; fails when the hub is stopping, overloaded or takes longer than `timeout`.
    // Called from the HTTP server's threads.
    Result<ApiReply> call_api(const ApiPrincipal& who, Request request,
                              std::chrono::milliseconds timeout);

    // Stores `event` in the event log, publishes it and posts it to the webhooks, as the
    // core's own events are; returns once it is stored, or why it was not within `timeout`.
    // For what happens beside the core, e.g. node enrollment. Called from any thread but the
    // worker's.
    Status record_event(Event event, std::chrono::milliseconds timeout);

    // When the worker last went round its loop. It goes round at least every kLivenessTick,
    // so an old value means it is stuck (a hung store, a deadlock), which the systemd
    // watchdog must see even though the main thread is fine.
    std::chrono::steady_clock::time_point last_turn() const;
    // How many inbound messages and requests wait for the worker.
    size_t queued();

  private:
    // The bus thread never waits on the store: it only queues.
    struct Task {
        enum class Kind { kMessage, kRepublishAll, kApiRequest, kEvent } kind = Kind::kMessage;
        MqttMessageIn message;
        // kApiRequest: the request, who sends it, its size for the budget, and who waits.
        ApiPrincipal who;
        Request request;
        size_t request_bytes = 0;
        std::function<void(ApiReply)> reply;
        // kEvent: the event, and who waits to learn whether it was stored.
        Event event;
        std::function<void(bool stored)> recorded;
    };
    static constexpr size_t kMaxQueuedTasks = 10000;
    // Bytes the inbound queue may hold: room for a few of the largest messages (4 MiB) on top
    // of a burst of ordinary ones, and a bound on memory whatever the messages' size.
    static constexpr size_t kMaxQueuedBytes = 64 * 1024 * 1024;
    // What one sender may hold of both (FairQueue): a flood fills a quarter, not all of it.
    static constexpr size_t kMaxQueuedPerSender = kMaxQueuedTasks / 4;
    static constexpr size_t kMaxQueuedBytesPerSender = kMaxQueuedBytes / 4;
    // How often node liveness is judged: a small part of the heartbeat timeout.
    static constexpr std::chrono::milliseconds kLivenessTick{250};

    Hub(HubOptions options, std::unique_ptr<SecretCipher> cipher, std::unique_ptr<HubCore> core,
        std::unique_ptr<MqttClient> mqtt, std::unique_ptr<BackupScheduler> backups);
    // False when the task was dropped (stopping, or over the inbound budget).
    bool enqueue(Task task);
    // Under mutex_: remembers when a node's report came in (report_arrivals_).
    void note_arrival(const std::string& topic);
    static size_t size_of(const Task& task);
    // The task's sender, for the queue's fairness.
    std::string sender_of(const Task& task) const;
    void work();
    // Worker thread: gives the core the report arrivals noted since the last call.
    void hand_over_arrivals();
    void run(const Task& task);
    // Moves the outcome's built sets out as it publishes them.
    void publish_outcome(Outcome& outcome, const MqttMessageIn& request);
    // Publishes the complete desired sets of these nodes, built in one pass.
    // `built`: sets already built for some of `nodes` (Outcome::built_sets).
    void publish_desired(const std::vector<std::string>& nodes, std::vector<DesiredSet> built = {});
    void publish(const MqttMessageOut& message);

    HubOptions options_;
    Topics topics_;
    std::unique_ptr<SecretCipher> cipher_;  // immutable once made; the core points at it
    std::unique_ptr<HubCore> core_;         // used by the worker thread only
    std::unique_ptr<MqttClient> mqtt_;
    std::unique_ptr<BackupScheduler> backups_;
    std::function<void(const Event&)> event_sink_;
    std::function<bool(const Publication&)> log_relay_sink_;
    std::unique_ptr<WebhookSender> webhooks_;  // null without webhooks; posts on its own thread
    // Each environment's own webhooks (edgectl env set --webhook), worker thread only; reloaded
    // from the store when an environment changes. A sender whose list did not change is kept,
    // since stopping one waits for a post in flight.
    struct EnvironmentWebhooks {
        std::vector<Webhook> webhooks;
        std::unique_ptr<WebhookSender> sender;
    };
    std::map<std::string, EnvironmentWebhooks> environment_webhooks_;
    void reload_environment_webhooks();

    std::mutex mutex_;
    std::condition_variable wake_;
    FairQueue<Task> queue_{kMaxQueuedPerSender, kMaxQueuedBytesPerSender};  // GUARDED_BY(mutex_)
    // GUARDED_BY(mutex_): what queue_ holds. A message's topics and correlation data ride on
    // top of its payload's limit.
    InboundBudget budget_{kMaxQueuedTasks, kMaxQueuedBytes, kMaxMessageBytes + 64 * 1024};
    // GUARDED_BY(mutex_): when each node's newest report came in, queued or dropped; the worker
    // hands them to the core before it judges liveness.
    std::map<std::string, int64_t> report_arrivals_;
    bool stopping_ = false;              // GUARDED_BY(mutex_)
    RateLimiter overflow_log_{5, 1000};  // GUARDED_BY(mutex_)
    std::thread worker_;
    std::atomic<std::chrono::steady_clock::rep> last_turn_{0};
};

}  // namespace edge
