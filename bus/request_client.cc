#include "bus/request_client.h"

#include <unistd.h>

#include <random>

namespace edge {

namespace {

// A client id unique enough that two edgectl runs on one machine never share a response topic.
std::string make_client_id() {
    std::random_device device;
    std::mt19937_64 generator(device());
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "edgectl-%d-%08llx", static_cast<int>(getpid()),
                  static_cast<unsigned long long>(generator() & 0xffffffffULL));
    return buffer;
}

std::string seconds_text(std::chrono::milliseconds timeout) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1fs", static_cast<double>(timeout.count()) / 1000.0);
    return buffer;
}

// The PUBACK reason codes a refused request gets from Mosquitto, in words.
std::string refusal_text(int reason_code) {
    if (reason_code == 0x87) return "not authorized (this identity may not write there)";
    if (reason_code == 0x90) return "topic name invalid";
    if (reason_code == 0x97) return "quota exceeded";
    if (reason_code == 0x95) return "packet too large";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "reason code 0x%02x", reason_code);
    return buffer;
}

}  // namespace

Result<std::unique_ptr<RequestClient>> RequestClient::connect(
    const std::string& broker_url, const Topics& topics, std::chrono::milliseconds timeout,
    const std::string& username, const std::string& password, const ClientTlsFiles& tls,
    const std::string& response_scope) {
    std::unique_ptr<RequestClient> self(new RequestClient());
    self->topics_ = topics;
    self->broker_url_ = broker_url;
    MqttOptions options;
    options.broker_url = broker_url;
    options.client_id = make_client_id();
    options.username = username;
    options.password = password;
    options.tls_ca_file = tls.ca;
    options.tls_cert_file = tls.cert;
    options.tls_key_file = tls.key;
    self->response_topic_ = response_scope.empty()
                                ? topics.response(options.client_id)
                                : topics.scoped_response(response_scope, options.client_id);
    auto client = MqttClient::create(options);
    if (!client) return client.error();
    self->client_ = std::move(*client);

    RequestClient* raw = self.get();
    self->client_->on_message([raw](const MqttMessageIn& message) {
        if (message.topic == raw->response_topic_) {
            std::lock_guard lock(raw->mutex_);
            raw->responses_[message.correlation_data] = message.payload;
            raw->answered_.notify_all();
        } else {
            MqttClient::MessageHandler handler;
            {
                std::lock_guard lock(raw->mutex_);
                handler = raw->follow_handler_;
            }
            if (handler) handler(message);
        }
    });
    self->client_->on_refused([raw](int message_id, int reason_code) {
        std::lock_guard lock(raw->mutex_);
        auto request = raw->in_flight_.find(message_id);
        if (request == raw->in_flight_.end()) return;
        raw->refusals_[request->second] = refusal_text(reason_code);
        raw->in_flight_.erase(request);
        raw->answered_.notify_all();
    });
    // Subscriptions are renewed before on_connect runs, and the broker handles one
    // connection's packets in order, so once connected our response topic is live before any
    // request we publish can be answered.
    self->client_->on_connect([raw] {
        std::lock_guard lock(raw->mutex_);
        raw->connected_once_ = true;
        raw->answered_.notify_all();
    });
    Status subscribe = self->client_->subscribe(self->response_topic_, 1);
    if (!subscribe) return subscribe.error();
    Status started = self->client_->start();
    if (!started) return started.error();
    {
        std::unique_lock lock(self->mutex_);
        if (!self->answered_.wait_for(lock, timeout, [raw] { return raw->connected_once_; })) {
            return make_error("cannot reach the broker at " + broker_url + " within " +
                              seconds_text(timeout) +
                              " (is mosquitto running? set --broker or EDGE_BROKER)");
        }
    }
    return self;
}

RequestClient::~RequestClient() {
    if (client_) client_->stop();
}

Result<Response> RequestClient::call(const Request& request, std::chrono::milliseconds timeout,
                                     const std::string& topic) {
    std::string correlation;
    {
        std::lock_guard lock(mutex_);
        correlation = "req-" + std::to_string(++next_id_);
    }
    MqttMessageOut out;
    out.topic = topic.empty() ? topics_.requests() : topic;
    out.payload = encode_request(request);
    out.qos = 1;
    out.response_topic = response_topic_;
    out.correlation_data = correlation;
    // Held across the publish, so a refusal cannot arrive before its message id is noted.
    std::unique_lock lock(mutex_);
    int message_id = 0;
    Status published = client_->publish(out, &message_id);
    if (!published) return published.error();
    in_flight_[message_id] = correlation;
    bool settled = answered_.wait_for(lock, timeout, [&] {
        return responses_.count(correlation) > 0 || refusals_.count(correlation) > 0;
    });
    // An id is reused once its PUBACK is in, so it is forgotten with its request.
    std::erase_if(in_flight_, [&](const auto& entry) { return entry.second == correlation; });
    if (auto refusal = refusals_.find(correlation); refusal != refusals_.end()) {
        std::string why = refusal->second;
        refusals_.erase(refusal);
        return make_error("the broker refused the request on " + out.topic + ": " + why);
    }
    if (!settled) {
        return make_error("the hub did not answer within " + seconds_text(timeout) +
                          " (is edge-hub running and connected to " + broker_url_ + "?)");
    }
    std::string payload = std::move(responses_[correlation]);
    responses_.erase(correlation);
    lock.unlock();
    auto response = decode_response(payload);
    if (!response)
        return make_error("the hub sent a malformed answer: " + response.error().message);
    return response;
}

Status RequestClient::follow(const std::string& topic_filter, MqttClient::MessageHandler handler) {
    {
        std::lock_guard lock(mutex_);
        follow_handler_ = std::move(handler);
    }
    return client_->subscribe(topic_filter, 0);
}

}  // namespace edge
