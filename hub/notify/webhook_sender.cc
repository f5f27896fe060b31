#include "hub/notify/webhook_sender.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace edge {

WebhookSender::WebhookSender(std::vector<Webhook> webhooks, Transport transport)
    : webhooks_(std::move(webhooks)), transport_(std::move(transport)) {
    thread_ = std::thread([this] { run(); });
}

WebhookSender::~WebhookSender() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void WebhookSender::post(const Event& event) {
    {
        std::lock_guard lock(mutex_);
        for (size_t i = 0; i < webhooks_.size(); ++i) {
            if (!webhook_wants(webhooks_[i], event.kind)) continue;
            if (queue_.size() >= kMaxQueued) {
                queue_.pop_front();
                ++dropped_;
            }
            queue_.push_back({i, event});
        }
    }
    wake_.notify_all();
}

bool WebhookSender::sleep_unless_stopping(int64_t ms) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

bool WebhookSender::deliver(const Delivery& delivery) {
    const Webhook& webhook = webhooks_[delivery.webhook];
    WebhookRequest request = webhook_request(webhook.format, delivery.event);
    for (int attempt = 0; attempt <= webhook.retries; ++attempt) {
        if (attempt > 0 && !sleep_unless_stopping(webhook_retry_delay_ms(attempt))) return false;
        auto status = transport_(webhook, request);
        if (status.ok() && *status >= 200 && *status < 300) return true;
        std::string why =
            status.ok() ? "answered HTTP " + std::to_string(*status) : status.error().message;
        spdlog::warn("webhook {} {} (attempt {} of {}): {}", to_string(webhook.format),
                     loggable_url(webhook), attempt + 1, webhook.retries + 1, why);
    }
    spdlog::error("webhook {} {}: giving up on event {} ({} {})", to_string(webhook.format),
                  loggable_url(webhook), delivery.event.id, delivery.event.kind,
                  delivery.event.subject);
    return false;
}

void WebhookSender::run() {
    for (;;) {
        Delivery delivery;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            if (dropped_ > 0) {
                spdlog::warn("webhooks are behind: dropped the {} oldest waiting event(s)",
                             dropped_);
                dropped_ = 0;
            }
            delivery = std::move(queue_.front());
            queue_.pop_front();
        }
        deliver(delivery);
    }
}

Result<long> WebhookSender::post_http(const Webhook& webhook, const WebhookRequest& request) {
    auto url = split_url(webhook.url);
    if (!url.ok()) return url.error();
    httplib::Client client(url->origin);
    if (!client.is_valid()) return make_error("cannot make an HTTP client for " + url->origin);
    // The webhook's timeout bounds each phase; a post is small, so connecting and waiting for
    // the answer are what take time.
    auto timeout = std::chrono::milliseconds(webhook.timeout_ms);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    if (!url->user.empty()) client.set_basic_auth(url->user, url->password);
    httplib::Headers headers;
    for (const auto& header : request.headers) {
        size_t colon = header.find(':');
        if (colon == std::string::npos) continue;
        size_t value = header.find_first_not_of(' ', colon + 1);
        headers.emplace(header.substr(0, colon),
                        value == std::string::npos ? "" : header.substr(value));
    }
    auto answer = client.Post(url->target, headers, request.body, request.content_type);
    if (!answer) return make_error(httplib::to_string(answer.error()));
    return static_cast<long>(answer->status);
}

}  // namespace edge
