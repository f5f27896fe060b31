// WebhookSender: posts events to the configured webhooks (webhook_config.h) from its own
// thread, so a slow or failing webhook never holds up the hub's worker. Each post has the
// webhook's timeout and is retried with doubling back-off (webhook_format.h); events waiting
// while a webhook is down are bounded, and the oldest are dropped (and counted in the log)
// when the queue is full. Nothing is persisted: the events table stays the record.
// Thread-safety: post() may be called from any thread; the sender's thread does the I/O.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "hub/notify/webhook_config.h"
#include "hub/notify/webhook_format.h"
#include "schema/messages.h"

namespace edge {

class WebhookSender {
  public:
    // Sends one request; returns the HTTP status, or an error when no answer came.
    using Transport = std::function<Result<long>(const Webhook&, const WebhookRequest&)>;
    static constexpr size_t kMaxQueued = 1000;

    explicit WebhookSender(std::vector<Webhook> webhooks, Transport transport = post_http);
    ~WebhookSender();
    WebhookSender(const WebhookSender&) = delete;
    WebhookSender& operator=(const WebhookSender&) = delete;

    // Queues the event for every webhook that wants its kind; never blocks on the network.
    void post(const Event& event);

    // The real transport: an HTTP POST with cpp-httplib (HTTPS through OpenSSL, checking the
    // server's certificate against the system's CAs).
    static Result<long> post_http(const Webhook& webhook, const WebhookRequest& request);

  private:
    struct Delivery {
        size_t webhook = 0;  // index into webhooks_
        Event event;
    };
    void run();
    // Tries a delivery with retries; returns false when it was given up (or stop was asked).
    bool deliver(const Delivery& delivery);
    // Waits `ms` unless stop is requested; returns false when stopping.
    bool sleep_unless_stopping(int64_t ms);

    const std::vector<Webhook> webhooks_;
    Transport transport_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Delivery> queue_;  // GUARDED_BY(mutex_)
    bool stopping_ = false;       // GUARDED_BY(mutex_)
    uint64_t dropped_ = 0;        // GUARDED_BY(mutex_)
    std::thread thread_;
};

}  // namespace edge
