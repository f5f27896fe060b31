#include "security/join_client.h"

#include <condition_variable>
#include <mutex>
#include <optional>

#include "bus/mqtt_client.h"
#include "security/broker/access_topics.h"
#include "security/join_messages.h"
#include "security/pki/node_pki.h"
#include "security/pki/server_chain.h"

namespace edge {

namespace {

// The CA that the join command pinned, saved where the TLS connections read it from.
Result<std::string> pin_broker_ca(const JoinOptions& options, const BrokerAddress& address) {
    auto chain = fetch_server_chain(address.host, address.port, options.timeout);
    if (!chain) return chain.error();
    auto ca = select_pinned_ca(*chain, options.ca_fingerprint);
    if (!ca)
        return make_error("refusing the broker at " + options.broker_url + ": " +
                          ca.error().message);
    if (Status saved = write_private_file(options.ca_file, *ca); !saved) return saved.error();
    return ca;
}

// Everything the hub answered must be for this node, from this cluster's CA, for our key.
Status check_answer(const JoinResponse& answer, const std::string& node, const std::string& ca,
                    const std::string& key) {
    if (answer.credentials.node != node) return make_error("the hub answered for another node");
    auto name = certificate_common_name(answer.certificate);
    if (!name) return name.error();
    if (*name != "node:" + node) return make_error("the hub's certificate names " + *name);
    if (Status s = check_signed_by(answer.certificate, ca); !s) return s;
    return check_certificate_key(answer.certificate, key);
}

}  // namespace

Result<JoinedNode> join_cluster(const JoinOptions& options) {
    auto address = parse_broker_url(options.broker_url);
    if (!address) return address.error();
    if (!address->tls) {
        return make_error("a join goes over TLS: give the broker's join port as mqtts://HOST:PORT");
    }
    auto ca = pin_broker_ca(options, *address);
    if (!ca) return ca.error();
    auto request = make_key_and_request("node:" + options.node);
    if (!request) return request.error();

    AccessTopics topics(options.topic_prefix);
    MqttOptions mqtt_options;
    mqtt_options.broker_url = options.broker_url;
    mqtt_options.client_id = "edge-agent-join-" + options.node;
    mqtt_options.username = join_username(options.node);
    mqtt_options.password = options.token;
    mqtt_options.tls_ca_file = options.ca_file;
    auto mqtt = MqttClient::create(mqtt_options);
    if (!mqtt) return mqtt.error();

    std::mutex mutex;
    std::condition_variable done;
    bool connected = false;
    std::optional<Result<JoinResponse>> answer;
    const std::string response_topic = topics.join_response(options.node);
    (*mqtt)->on_message([&](const MqttMessageIn& message) {
        if (message.topic != response_topic) return;
        std::lock_guard lock(mutex);
        answer = decode_join_response(message.payload);
        done.notify_all();
    });
    // The response subscription is renewed before this runs, so the answer cannot be missed.
    const std::string payload = encode_join_request({options.node, request->request_pem});
    (*mqtt)->on_connect([&] {
        {
            std::lock_guard lock(mutex);
            connected = true;
        }
        (void)(*mqtt)->publish({topics.join_request(options.node), payload, 1});
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
    if (!answered) {
        return make_error(
            "the hub did not answer the join request; is it running, and did it "
            "accept the certificate request? (its log says)");
    }
    if (!*answer) return make_error("the hub's answer is malformed: " + answer->error().message);
    if (Status valid = check_answer(**answer, options.node, *ca, request->key_pem); !valid) {
        return make_error("refusing the hub's answer: " + valid.error().message);
    }
    return JoinedNode{(*answer)->credentials, (*answer)->certificate, request->key_pem};
}

}  // namespace edge
