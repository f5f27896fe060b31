#include "bus/mqtt_client.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

namespace edge {

namespace {

std::once_flag library_initialised;

std::string property_string(const mosquitto_property* props, int identifier) {
    char* value = nullptr;
    if (mosquitto_property_read_string(props, identifier, &value, false) == nullptr) return {};
    std::string text = value != nullptr ? value : "";
    free(value);
    return text;
}

std::string property_binary(const mosquitto_property* props, int identifier) {
    void* value = nullptr;
    uint16_t length = 0;
    if (mosquitto_property_read_binary(props, identifier, &value, &length, false) == nullptr) {
        return {};
    }
    std::string data(static_cast<const char*>(value), length);
    free(value);
    return data;
}

std::string env_or(const char* name, const std::string& value) {
    const char* from_env = std::getenv(name);
    return value.empty() && from_env != nullptr ? from_env : value;
}

// mqtts:// needs a CA to check the broker against; a client certificate comes with its key.
// Files not given in the options come from EDGE_TLS_CA, EDGE_TLS_CERT and EDGE_TLS_KEY, so
// edge-hub, edge-agent and edgectl all take them from one systemd EnvironmentFile.
Status configure_tls(mosquitto* handle, const BrokerAddress& address, MqttOptions opts) {
    if (!address.tls) {
        if (opts.tls_ca_file.empty()) return ok_status();
        return make_error("TLS files given for a plain mqtt:// broker URL; use mqtts://");
    }
    opts.tls_ca_file = env_or("EDGE_TLS_CA", opts.tls_ca_file);
    opts.tls_cert_file = env_or("EDGE_TLS_CERT", opts.tls_cert_file);
    opts.tls_key_file = env_or("EDGE_TLS_KEY", opts.tls_key_file);
    if (opts.tls_ca_file.empty()) return make_error("an mqtts:// broker needs a CA file");
    if (opts.tls_cert_file.empty() != opts.tls_key_file.empty()) {
        return make_error("a TLS client certificate and its key go together");
    }
    auto optional = [](const std::string& path) { return path.empty() ? nullptr : path.c_str(); };
    int rc = mosquitto_tls_set(handle, opts.tls_ca_file.c_str(), nullptr,
                               optional(opts.tls_cert_file), optional(opts.tls_key_file), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
        return make_error(std::string("cannot use the TLS files: ") + mosquitto_strerror(rc));
    }
    return ok_status();
}

// Owns a libmosquitto property list for the duration of one call.
struct PropertyList {
    mosquitto_property* head = nullptr;
    ~PropertyList() { mosquitto_property_free_all(&head); }
};

}  // namespace

// libmosquitto calls these on its network thread; they forward to the client instance.
struct MosquittoCallbacks {
    static void on_connect(mosquitto*, void* self, int rc, int, const mosquitto_property*) {
        static_cast<MqttClient*>(self)->connected_event(rc);
    }
    static void on_disconnect(mosquitto*, void* self, int rc, const mosquitto_property*) {
        static_cast<MqttClient*>(self)->disconnected_event(rc);
    }
    static void on_message(mosquitto*, void* self, const mosquitto_message* message,
                           const mosquitto_property* props) {
        auto* client = static_cast<MqttClient*>(self);
        if (!client->message_handler_) return;
        MqttMessageIn in;
        in.topic = message->topic != nullptr ? message->topic : "";
        if (message->payload != nullptr && message->payloadlen > 0) {
            in.payload.assign(static_cast<const char*>(message->payload),
                              static_cast<size_t>(message->payloadlen));
        }
        in.retained = message->retain;
        in.response_topic = property_string(props, MQTT_PROP_RESPONSE_TOPIC);
        in.correlation_data = property_binary(props, MQTT_PROP_CORRELATION_DATA);
        client->note_contact();
        client->message_handler_(in);
    }
    // For QoS 1 the broker's PUBACK came back, which proves a round trip; for QoS 0 the message
    // only left this process, which proves nothing.
    static void on_publish(mosquitto*, void* self, int mid, int reason_code,
                           const mosquitto_property*) {
        auto* client = static_cast<MqttClient*>(self);
        if (!client->acknowledged(mid)) return;
        client->note_contact();
        // MQTT 5 reason codes of 0x80 and above are failures; the broker dropped the message.
        if (reason_code >= 0x80 && client->refused_handler_) {
            client->refused_handler_(mid, reason_code);
        }
    }
    static void on_subscribe(mosquitto*, void* self, int, int, const int*,
                             const mosquitto_property*) {
        static_cast<MqttClient*>(self)->note_contact();
    }
};

Result<BrokerAddress> parse_broker_url(const std::string& url) {
    std::string rest = url;
    BrokerAddress address;
    const std::string scheme = "mqtt://";
    const std::string tls_scheme = "mqtts://";
    if (rest.compare(0, scheme.size(), scheme) == 0) {
        rest = rest.substr(scheme.size());
    } else if (rest.compare(0, tls_scheme.size(), tls_scheme) == 0) {
        rest = rest.substr(tls_scheme.size());
        address.tls = true;
        address.port = 8883;
    } else if (rest.find("://") != std::string::npos) {
        return make_error("broker URL \"" + url + "\" must start with mqtt:// or mqtts://");
    }
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    size_t colon = rest.rfind(':');
    if (colon == std::string::npos) {
        address.host = rest;
    } else {
        address.host = rest.substr(0, colon);
        std::string port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string::npos) {
            return make_error("broker URL \"" + url + "\" has an invalid port");
        }
        address.port = std::stoi(port);
        if (address.port < 1 || address.port > 65535) {
            return make_error("broker URL \"" + url + "\" has an invalid port");
        }
    }
    if (address.host.empty()) return make_error("broker URL \"" + url + "\" has no host");
    return address;
}

MqttClient::MqttClient(MqttOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<MqttClient>> MqttClient::create(MqttOptions options) {
    auto address = parse_broker_url(options.broker_url);
    if (!address) return address.error();
    if (options.keepalive_seconds < 5) {
        return make_error("MQTT keepalive must be at least 5 seconds");
    }
    std::call_once(library_initialised, [] { mosquitto_lib_init(); });

    std::unique_ptr<MqttClient> client(new MqttClient(std::move(options)));
    client->address_ = *address;
    client->handle_ = mosquitto_new(client->options_.client_id.c_str(), true, client.get());
    if (client->handle_ == nullptr) return make_error("cannot create an MQTT client");
    mosquitto* handle = client->handle_;
    mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_v5_callback_set(handle, MosquittoCallbacks::on_connect);
    mosquitto_disconnect_v5_callback_set(handle, MosquittoCallbacks::on_disconnect);
    mosquitto_message_v5_callback_set(handle, MosquittoCallbacks::on_message);
    mosquitto_publish_v5_callback_set(handle, MosquittoCallbacks::on_publish);
    mosquitto_subscribe_v5_callback_set(handle, MosquittoCallbacks::on_subscribe);
    // Retry quickly at first, then back off to 5 s so a restarted broker is found fast
    // without hammering one that stays down.
    mosquitto_reconnect_delay_set(handle, 1, 5, true);

    const MqttOptions& opts = client->options_;
    if (!opts.username.empty() &&
        mosquitto_username_pw_set(handle, opts.username.c_str(), opts.password.c_str()) !=
            MOSQ_ERR_SUCCESS) {
        return make_error("cannot set MQTT credentials");
    }
    if (Status tls = configure_tls(handle, *address, opts); !tls) return tls.error();
    if (opts.will) {
        int rc = mosquitto_will_set_v5(
            handle, opts.will->topic.c_str(), static_cast<int>(opts.will->payload.size()),
            opts.will->payload.data(), opts.will->qos, opts.will->retain, nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            return make_error(std::string("cannot set the will message: ") +
                              mosquitto_strerror(rc));
        }
    }
    return client;
}

MqttClient::~MqttClient() {
    stop();
    if (handle_ != nullptr) mosquitto_destroy(handle_);
}

Status MqttClient::start() {
    if (started_) return ok_status();
    started_ = true;
    stopping_ = false;
    // Before the thread starts: from now on other threads publish while it runs the loop.
    mosquitto_threaded_set(handle_, true);
    network_ = std::thread([this] { run_network(); });
    return ok_status();
}

// The client's own network thread, where libmosquitto's mosquitto_loop_start() would start
// one: that thread ends for good when the loop meets an error libmosquitto deems fatal, and
// every TLS error is one to it. A broker that dies mid-session is such an error over TLS (the
// read fails with EPROTO, where plain TCP reports a lost connection), so a node on mqtts://
// would never reconnect after a power cut of the broker. Here the loop is simply run again
// after a reconnect, with the same backoff as libmosquitto's own.
void MqttClient::run_network() {
    bool first = true;
    while (connect_until_reachable(first)) {
        first = false;
        int rc = mosquitto_loop_forever(handle_, -1, 1);
        if (stopping_) return;
        connected_ = false;
        if (!logged_connect_failure_.exchange(true)) {
            spdlog::warn("lost connection to broker {} ({}); reconnecting", options_.broker_url,
                         mosquitto_strerror(rc));
        }
        // A broker that accepts the TCP connection and then fails the session again (a bad
        // certificate, say) would otherwise be reconnected to in a tight loop.
        wait_unless_stopping(1000);
    }
}

void MqttClient::wait_unless_stopping(int ms) {
    for (int waited = 0; waited < ms && !stopping_; waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool MqttClient::connect_until_reachable(bool first) {
    int delay_ms = first ? 200 : 1000;
    while (!stopping_) {
        // The first connect is asynchronous so start() returns at once; a reconnect is
        // blocking, on this thread, like libmosquitto's own.
        int rc = first ? mosquitto_connect_bind_async(handle_, address_.host.c_str(), address_.port,
                                                      options_.keepalive_seconds, nullptr)
                       : mosquitto_reconnect(handle_);
        if (rc == MOSQ_ERR_SUCCESS) return true;
        if (!logged_connect_failure_.exchange(true)) {
            spdlog::warn("cannot reach broker {} ({}); retrying", options_.broker_url,
                         mosquitto_strerror(rc));
        }
        wait_unless_stopping(delay_ms);
        delay_ms = std::min(delay_ms * 2, 5000);
    }
    return false;
}

void MqttClient::stop() {
    if (!started_) return;
    started_ = false;
    stopping_ = true;
    // Ends mosquitto_loop_forever(), also while it waits to reconnect.
    mosquitto_disconnect_v5(handle_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
    if (network_.joinable()) network_.join();
    connected_ = false;
}

void MqttClient::connected_event(int reason_code) {
    if (reason_code != 0) {
        spdlog::warn("broker {} refused the connection: {}", options_.broker_url,
                     mosquitto_reason_string(reason_code));
        return;
    }
    connected_ = true;
    note_contact();
    logged_connect_failure_ = false;
    spdlog::debug("connected to broker {}", options_.broker_url);
    std::vector<std::pair<std::string, int>> subscriptions;
    {
        std::lock_guard lock(subscriptions_mutex_);
        subscriptions = subscriptions_;
    }
    for (const auto& [filter, qos] : subscriptions) {
        mosquitto_subscribe_v5(handle_, nullptr, filter.c_str(), qos, 0, nullptr);
    }
    if (connect_handler_) connect_handler_();
}

void MqttClient::disconnected_event(int reason_code) {
    bool was_connected = connected_.exchange(false);
    if (reason_code != 0 && (was_connected || !logged_connect_failure_)) {
        logged_connect_failure_ = true;
        // libmosquitto passes its own error code here (e.g. connection lost), not a reason code.
        spdlog::warn("lost connection to broker {} ({}); reconnecting", options_.broker_url,
                     mosquitto_strerror(reason_code));
    }
}

Status MqttClient::subscribe(const std::string& topic_filter, int qos) {
    {
        std::lock_guard lock(subscriptions_mutex_);
        subscriptions_.emplace_back(topic_filter, qos);
    }
    if (!connected_) return ok_status();  // renewed by connected_event
    int rc = mosquitto_subscribe_v5(handle_, nullptr, topic_filter.c_str(), qos, 0, nullptr);
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
        return make_error(std::string("cannot subscribe to ") + topic_filter + ": " +
                          mosquitto_strerror(rc));
    }
    return ok_status();
}

Status MqttClient::resubscribe(const std::string& topic_filter) {
    int qos = -1;
    {
        std::lock_guard lock(subscriptions_mutex_);
        for (const auto& [filter, filter_qos] : subscriptions_) {
            if (filter == topic_filter) qos = filter_qos;
        }
    }
    if (qos < 0) return make_error("not subscribed to " + topic_filter);
    if (!connected_) return ok_status();  // the reconnect subscribes anew
    int rc = mosquitto_subscribe_v5(handle_, nullptr, topic_filter.c_str(), qos, 0, nullptr);
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
        return make_error(std::string("cannot subscribe again to ") + topic_filter + ": " +
                          mosquitto_strerror(rc));
    }
    return ok_status();
}

bool MqttClient::acknowledged(int mid) {
    std::lock_guard lock(awaiting_mutex_);
    return awaiting_ack_.erase(mid) > 0;
}

void MqttClient::note_contact() {
    last_contact_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
}

Status MqttClient::publish(const MqttMessageOut& message, int* message_id) {
    PropertyList props;
    if (!message.response_topic.empty()) {
        mosquitto_property_add_string(&props.head, MQTT_PROP_RESPONSE_TOPIC,
                                      message.response_topic.c_str());
    }
    if (!message.correlation_data.empty()) {
        mosquitto_property_add_binary(&props.head, MQTT_PROP_CORRELATION_DATA,
                                      message.correlation_data.data(),
                                      static_cast<uint16_t>(message.correlation_data.size()));
    }
    // Held across the call, so the network thread cannot take the PUBACK of this message
    // before its id is noted. libmosquitto calls on_publish without its own locks that a
    // publish needs, and never from inside mosquitto_publish_v5 in threaded mode.
    std::lock_guard lock(awaiting_mutex_);
    int mid = 0;
    int rc = mosquitto_publish_v5(handle_, &mid, message.topic.c_str(),
                                  static_cast<int>(message.payload.size()), message.payload.data(),
                                  message.qos, message.retain, props.head);
    if (rc == MOSQ_ERR_SUCCESS && message.qos > 0) {
        // libmosquitto resends unacknowledged messages after a reconnect, so ids leave again;
        // the bound is for a client that never reconnects.
        if (awaiting_ack_.size() >= 4096) awaiting_ack_.clear();
        awaiting_ack_.insert(mid);
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        return make_error(std::string("cannot publish to ") + message.topic + ": " +
                          mosquitto_strerror(rc));
    }
    if (message_id != nullptr) *message_id = mid;
    return ok_status();
}

}  // namespace edge
