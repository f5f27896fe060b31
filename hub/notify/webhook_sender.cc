#include "hub/notify/webhook_sender.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace edge {

namespace {

size_t discard(char*, size_t size, size_t count, void*) {
    return size * count;
}

}  // namespace

WebhookSender::WebhookSender(std::vector<Webhook> webhooks, Transport transport)
    : webhooks_(std::move(webhooks)), transport_(std::move(transport)) {
    // Before the thread exists: older libcurl's global init is not thread-safe.
    static std::once_flag curl_initialised;
    std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
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

Result<long> WebhookSender::post_with_curl(const Webhook& webhook, const WebhookRequest& request) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return make_error("cannot create a curl handle");
    curl_slist* raw_headers = nullptr;
    raw_headers = curl_slist_append(raw_headers, ("Content-Type: " + request.content_type).c_str());
    for (const auto& header : request.headers) {
        raw_headers = curl_slist_append(raw_headers, header.c_str());
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers,
                                                                        curl_slist_free_all);
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl.get(), CURLOPT_URL, webhook.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(webhook.timeout_ms));
    CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) {
        return make_error(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
    }
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    return status;
}

}  // namespace edge
