#include "security/broker/enrollment_service.h"

#include <spdlog/spdlog.h>

#include <ctime>

#include "core/names.h"
#include "schema/messages.h"
#include "security/broker/environment_identities.h"
#include "security/broker/role_upgrade.h"
#include "security/join_messages.h"

namespace edge {

Result<std::unique_ptr<EnrollmentService>> EnrollmentService::create(EnrollmentOptions options) {
    MqttOptions mqtt_options;
    mqtt_options.broker_url = options.broker_url;
    mqtt_options.client_id = options.client_id;
    mqtt_options.username = options.username;
    mqtt_options.password = options.password;
    auto mqtt = MqttClient::create(mqtt_options);
    if (!mqtt) return mqtt.error();
    return std::unique_ptr<EnrollmentService>(
        new EnrollmentService(std::move(options), std::move(*mqtt)));
}

EnrollmentService::EnrollmentService(EnrollmentOptions options, std::unique_ptr<MqttClient> mqtt)
    : options_(std::move(options)),
      topics_(options_.topic_prefix),
      mqtt_(std::move(mqtt)),
      dynsec_(*mqtt_),
      authority_(dynsec_, topics_),
      certificates_(options_.tls_dir) {}

EnrollmentService::~EnrollmentService() {
    stop();
}

Status EnrollmentService::start() {
    mqtt_->on_message([this](const MqttMessageIn& message) {
        // The broker's answers wake a worker waiting in DynsecClient::run; all else is queued.
        if (!dynsec_.deliver(message)) worker_.post(message);
    });
    // On every connection: roles created by an older release get the ACLs this one needs.
    mqtt_->on_connect([this] { worker_.post(MqttMessageIn{}); });
    for (const std::string& filter :
         {std::string(kDynsecResponseTopic), topics_.credentials(), topics_.all_join_requests()}) {
        if (Status s = mqtt_->subscribe(filter, 1); !s) return s;
    }
    worker_.start();
    return mqtt_->start();
}

void EnrollmentService::stop() {
    worker_.stop();
    mqtt_->stop();
}

void EnrollmentService::handle(const MqttMessageIn& message) {
    std::lock_guard lock(handling_);
    if (message.topic.empty()) return upgrade_broker_roles();
    if (message.topic == topics_.credentials()) return answer_credentials_request(message);
    std::string node = topics_.join_request_node(message.topic);
    if (!node.empty()) return answer_join_request(node, message);
}

void EnrollmentService::tell(const std::string& kind, const std::string& subject,
                             const std::string& message) {
    if (event_sink_) {
        event_sink_({0, 0, kind, subject, message});
    } else {
        spdlog::info("{} {}: {}", kind, subject, message);
    }
}

void EnrollmentService::upgrade_broker_roles() {
    auto report = upgrade_roles(dynsec_, topics_);
    if (!report) {
        spdlog::warn("cannot bring the broker's roles up to date: {}", report.error().message);
        return;
    }
    for (const auto& acl : report->added_acls) spdlog::info("broker role upgraded: {}", acl);
}

Response EnrollmentService::credentials_response(std::string_view payload) {
    auto request = decode_request(payload);
    if (!request) return {false, "malformed request: " + request.error().message, {}};
    if (request->op == credential_ops::kEnvGrant || request->op == credential_ops::kEnvRevoke) {
        if (options_.tls_dir.empty()) {
            return {false, "edge-hub runs without --tls-dir, so it cannot issue certificates", {}};
        }
        const bool grant = request->op == credential_ops::kEnvGrant;
        Response response = grant ? grant_environment_identity(authority_, certificates_,
                                                               request->args, std::time(nullptr))
                                  : revoke_environment_identity(authority_, certificates_,
                                                                request->args, std::time(nullptr));
        if (response.ok) {
            tell("environment", request->args.value("environment", std::string()),
                 std::string("edgectl identity ") + response.data.value("username", std::string()) +
                     (grant ? " granted (env grant)" : " revoked (env revoke)"));
        }
        return response;
    }
    auto field = request->args.find("node");
    std::string node =
        field != request->args.end() && field->is_string() ? field->get<std::string>() : "";
    if (Status valid = validate_name("node", node); !valid)
        return {false, valid.error().message, {}};
    if (request->op == credential_ops::kNodeAdd) {
        if (options_.tls_dir.empty()) {
            return {false, "edge-hub runs without --tls-dir, so it cannot issue certificates", {}};
        }
        auto fingerprint = certificates_.ca_fingerprint();
        if (!fingerprint) return {false, fingerprint.error().message, {}};
        auto token = authority_.issue_join_token(node);
        if (!token) return {false, token.error().message, {}};
        tell("node", node, "join token issued (node add)");
        return {true, "", {{"node", node}, {"token", *token}, {"ca_fingerprint", *fingerprint}}};
    }
    if (request->op == credential_ops::kNodeRevoke) {
        Status revoked = authority_.revoke(node);
        if (!revoked) return {false, revoked.error().message, {}};
        // The identity is gone; the CRL also makes the broker refuse its certificate in the
        // TLS handshake once it reloads (SIGHUP; edgeorch-crl.path does it on a packaged hub).
        if (!options_.tls_dir.empty()) {
            Status listed = certificates_.revoke(node, std::time(nullptr));
            if (!listed) return {false, listed.error().message, {}};
        }
        tell("node", node, "broker identity and certificates revoked (node revoke)");
        return {true, "", {{"node", node}, {"revoked", true}}};
    }
    return {false, "unknown credentials operation \"" + request->op + "\"", {}};
}

Response EnrollmentService::add_node(const std::string& node) {
    std::lock_guard lock(handling_);
    return credentials_response(encode_request({credential_ops::kNodeAdd, {{"node", node}}}));
}

void EnrollmentService::answer_credentials_request(const MqttMessageIn& message) {
    if (message.response_topic.empty()) return;
    Response response = credentials_response(message.payload);
    Status sent = mqtt_->publish({message.response_topic, encode_response(response), 1, false, "",
                                  message.correlation_data});
    if (!sent) spdlog::warn("cannot answer a credentials request: {}", sent.error().message);
}

void EnrollmentService::answer_join_request(const std::string& node, const MqttMessageIn& message) {
    // The broker let only join:<node> publish here, so the token was valid; the payload must
    // still agree with the topic.
    auto request = decode_join_request(message.payload);
    if (!request || request->node != node) {
        spdlog::warn("dropped a malformed join request for node {}", node);
        return;
    }
    if (options_.tls_dir.empty()) {
        spdlog::error("cannot let node {} join: edge-hub runs without --tls-dir", node);
        return;
    }
    // The certificate first: a request for another identity creates nothing.
    auto certificate = certificates_.issue(node, request->certificate_request, std::time(nullptr));
    if (!certificate) {
        spdlog::warn("refused the certificate request of node {}: {}", node,
                     certificate.error().message);
        return;
    }
    auto credentials = authority_.create_node_identity(node);
    if (!credentials) {
        spdlog::error("cannot create credentials for node {}: {}", node,
                      credentials.error().message);
        return;
    }
    Status sent = mqtt_->publish(
        {topics_.join_response(node), encode_join_response({*credentials, *certificate}), 1});
    if (!sent) spdlog::warn("cannot answer the join of node {}: {}", node, sent.error().message);
    // Deleting the join identity disconnects it; give the answer a moment to reach it first.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (Status retired = authority_.retire_join_token(node); !retired) {
        spdlog::error("cannot retire the join token of node {}: {}", node, retired.error().message);
    }
    tell("node", node, "joined with its own broker identity " + credentials->username);
}

}  // namespace edge
