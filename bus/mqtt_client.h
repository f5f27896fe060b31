// MqttClient: a small MQTT v5 client over libmosquitto for hub, agent and edgectl.
// It runs libmosquitto's network thread, reconnects forever with backoff, and re-subscribes
// every remembered subscription after each reconnect, so callers never handle reconnects.
// Thread-safety: publish/subscribe may be called from any thread. Handlers run on the
// network thread; they must not block for long.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

struct mosquitto;

namespace edge {

struct BrokerAddress {
    std::string host;
    int port = 1883;
    bool tls = false;  // mqtts://
};

// Parses "mqtt://host:port" (or "host:port", or "mqtt://host"), and "mqtts://host[:port]" for
// TLS (default port 8883).
Result<BrokerAddress> parse_broker_url(const std::string& url);

struct MqttMessageOut {
    std::string topic;
    std::string payload;
    int qos = 1;
    bool retain = false;
    std::string response_topic;  // MQTT v5 request/response
    std::string correlation_data;
};

struct MqttMessageIn {
    std::string topic;
    std::string payload;
    bool retained = false;
    std::string response_topic;
    std::string correlation_data;
};

struct MqttOptions {
    std::string broker_url;
    std::string client_id;
    std::string username;  // empty: no credentials
    std::string password;
    // The broker declares us gone after 1.5x this without traffic; libmosquitto's minimum is 5.
    int keepalive_seconds = 5;
    std::optional<MqttMessageOut> will;
    // TLS (mqtts:// URLs): the CA that signed the broker's certificate and, for brokers that
    // require one, this client's certificate and key. Empty: from $EDGE_TLS_CA, $EDGE_TLS_CERT
    // and $EDGE_TLS_KEY.
    std::string tls_ca_file;
    std::string tls_cert_file;
    std::string tls_key_file;
};

class MqttClient {
  public:
    using MessageHandler = std::function<void(const MqttMessageIn&)>;
    using ConnectHandler = std::function<void()>;
    // A QoS 1 message the broker refused: its id (from publish) and the PUBACK's MQTT 5 reason
    // code, e.g. 0x87 "not authorized" when the ACL does not let this identity write there.
    using RefusedHandler = std::function<void(int message_id, int reason_code)>;

    static Result<std::unique_ptr<MqttClient>> create(MqttOptions options);
    ~MqttClient();
    MqttClient(const MqttClient&) = delete;
    MqttClient& operator=(const MqttClient&) = delete;

    // Set handlers before start().
    void on_message(MessageHandler handler) { message_handler_ = std::move(handler); }
    // Runs after every successful (re)connect, after subscriptions are renewed.
    void on_connect(ConnectHandler handler) { connect_handler_ = std::move(handler); }
    // Runs on the network thread for each refused QoS 1 message.
    void on_refused(RefusedHandler handler) { refused_handler_ = std::move(handler); }

    // Starts the network thread and the first connection attempt; returns at once.
    Status start();
    // Disconnects cleanly (no will message) and joins the network thread.
    void stop();

    // Remembered and renewed on every reconnect.
    Status subscribe(const std::string& topic_filter, int qos = 1);
    // Subscribes once more to a remembered filter, so the broker sends its retained messages
    // again (MQTT 5 retain handling 0). While disconnected, the reconnect does it.
    Status resubscribe(const std::string& topic_filter);
    // `message_id`, when given, receives the id a RefusedHandler would name.
    Status publish(const MqttMessageOut& message, int* message_id = nullptr);
    bool connected() const { return connected_.load(); }
    // When the broker last proved it hears this client, in milliseconds of
    // std::chrono::steady_clock: a CONNACK, SUBACK or PUBACK, or a message; 0 before any.
    // Unlike connected(), it goes stale at once when the process was frozen or the link cut.
    int64_t last_contact_ms() const { return last_contact_ms_.load(); }

  private:
    friend struct MosquittoCallbacks;  // libmosquitto's C callbacks, in mqtt_client.cc
    explicit MqttClient(MqttOptions options);
    void connected_event(int reason_code);
    void disconnected_event(int reason_code);
    void note_contact();
    // True when `mid` is a QoS 1 message of ours that was waiting for its PUBACK.
    bool acknowledged(int mid);

    MqttOptions options_;
    BrokerAddress address_;
    mosquitto* handle_ = nullptr;
    MessageHandler message_handler_;
    ConnectHandler connect_handler_;
    RefusedHandler refused_handler_;
    std::atomic<bool> connected_{false};
    std::atomic<int64_t> last_contact_ms_{0};
    std::mutex awaiting_mutex_;
    std::set<int> awaiting_ack_;  // GUARDED_BY(awaiting_mutex_): QoS 1 ids without PUBACK
    void run_network();
    // Returns true once connected (or a connect is under way), false when stopping.
    bool connect_until_reachable(bool first);
    void wait_unless_stopping(int ms);

    bool started_ = false;
    std::atomic<bool> stopping_{false};
    // Connects, runs libmosquitto's loop, and starts both again when the loop gives up.
    std::thread network_;
    std::atomic<bool> logged_connect_failure_{false};  // log an outage once, not every retry
    std::mutex subscriptions_mutex_;
    std::vector<std::pair<std::string, int>> subscriptions_;  // GUARDED_BY(subscriptions_mutex_)
};

}  // namespace edge
