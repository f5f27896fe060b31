#include "security/join_client.h"

#include <condition_variable>
#include <mutex>
#include <optional>

#include "bus/mqtt_client.h"
#include "security/access_topics.h"
#include "security/join_messages.h"

namespace edge {

Result<NodeCredentials> redeem_join_token(const JoinOptions& options) {
    AccessTopics topics(options.topic_prefix);
    MqttOptions mqtt_options;
    mqtt_options.broker_url = options.broker_url;
    mqtt_options.client_id = "edge-agent-join-" + options.node;
    mqtt_options.username = join_username(options.node);
    mqtt_options.password = options.token;
    auto mqtt = MqttClient::create(mqtt_options);
    if (!mqtt) return mqtt.error();

    std::mutex mutex;
    std::condition_variable done;
    bool connected = false;
    std::optional<Result<NodeCredentials>> answer;
    const std::string response_topic = topics.join_response(options.node);
    (*mqtt)->on_message([&](const MqttMessageIn& message) {
        if (message.topic != response_topic) return;
        std::lock_guard lock(mutex);
        answer = decode_join_response(message.payload);
        done.notify_all();
    });
    // The response subscription is renewed before this runs, so the answer cannot be missed.
    (*mqtt)->on_connect([&] {
        {
            std::lock_guard lock(mutex);
            connected = true;
        }
        (void)(*mqtt)->publish(
            {topics.join_request(options.node), encode_join_request(options.node), 1});
    });
    if (Status s = (*mqtt)->subscribe(response_topic, 1); !s) return s.error();
    if (Status s = (*mqtt)->start(); !s) return s.error();

    std::unique_lock lock(mutex);
    bool answered = done.wait_for(lock, options.timeout, [&] { return answer.has_value(); });
    bool was_connected = connected;
    lock.unlock();
    (*mqtt)->stop();
    if (!answered && !was_connected) {
        return make_error("the broker at " + options.broker_url +
                          " refused the join token or cannot be reached (a token works once; "
                          "`edgectl node add " +
                          options.node + "` issues a new one)");
    }
    if (!answered) return make_error("the hub did not answer the join request; is it running?");
    if (!*answer) return make_error("the hub's answer is malformed: " + answer->error().message);
    if ((*answer)->node != options.node) return make_error("the hub answered for another node");
    return std::move(*answer);
}

}  // namespace edge
