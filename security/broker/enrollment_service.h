// EnrollmentService: the part of edge-hub that manages broker identities. It has its own MQTT
// connection, as the hub's identity (which holds the broker-admin role), and answers:
//   - credentials requests from edgectl (node.add -> join token, node.revoke; env.grant and
//     env.revoke for identities limited to an environment,
//     security/broker/environment_identities.h),
//   - join requests from agents holding a token (-> the node's own credentials and its
//     certificate, signed for CN=node:<node> from the request the agent made; see
//     security/pki/node_certificates.h, which also keeps the CRL that revocation extends).
// The broker's ACLs decide who may send either, so the topic names who sent it: only the
// identity join:<node> may publish on <prefix>/join/<node>/request.
// On every connection it also brings existing roles up to date (security/broker/role_upgrade.h).
// It runs beside Hub, not inside HubCore, because every step waits for the broker's answer.
// Messages are handled one at a time on a worker thread, never on the MQTT network thread.
// Thread-safety: create/start/stop from one thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "bus/mqtt_client.h"
#include "bus/serial_worker.h"
#include "schema/messages.h"
#include "security/broker/credential_authority.h"
#include "security/broker/dynsec_client.h"
#include "security/pki/node_certificates.h"

namespace edge {

struct EnrollmentOptions {
    std::string broker_url;
    std::string topic_prefix = kDefaultTopicPrefix;
    std::string client_id = "edge-hub-enrollment";
    std::string username = kHubUsername;
    std::string password;
    // The TLS directory `edge-hub init` made (CA, CRL): joins get certificates signed here.
    // Empty: joins are refused, as no certificate can be issued.
    std::string tls_dir;
};

class EnrollmentService {
  public:
    static Result<std::unique_ptr<EnrollmentService>> create(EnrollmentOptions options);
    ~EnrollmentService();
    EnrollmentService(const EnrollmentService&) = delete;
    EnrollmentService& operator=(const EnrollmentService&) = delete;

    // Where what it does is told: join tokens issued, nodes joined and revoked, environment
    // identities granted and revoked (edge-hub stores them in its event log, which it also logs;
    // see Hub::record_event). Without a sink they are only logged. Set before start(). Runs on
    // the thread that handled the request, before the answer is sent, so an answered request's
    // event is already stored.
    void on_event(std::function<void(Event)> sink) { event_sink_ = std::move(sink); }

    Status start();
    void stop();
    // Requests sent before the first connection are lost, as for the hub; tests wait on this.
    bool connected() const { return mqtt_->connected(); }

    // `edgectl node add` for the HTTP API, which checked the caller itself: a single-use join
    // token for `node`, {"node", "token", "ca_fingerprint"}, or why not. Runs on the calling
    // thread, one at a time with the requests from the broker; it waits for the broker's answers.
    Response add_node(const std::string& node);

  private:
    static constexpr size_t kMaxQueued = 1000;
    explicit EnrollmentService(EnrollmentOptions options, std::unique_ptr<MqttClient> mqtt);
    void handle(const MqttMessageIn& message);
    void answer_credentials_request(const MqttMessageIn& message);
    Response credentials_response(std::string_view payload);
    void answer_join_request(const std::string& node, const MqttMessageIn& message);
    // Adds ACLs of this release to roles created by an older one (security/broker/role_upgrade.h).
    void upgrade_broker_roles();
    // To the event sink, or to the log without one.
    void tell(const std::string& kind, const std::string& subject, const std::string& message);

    EnrollmentOptions options_;
    AccessTopics topics_;
    std::unique_ptr<MqttClient> mqtt_;
    DynsecClient dynsec_;
    CredentialAuthority authority_;
    NodeCertificates certificates_;
    std::function<void(Event)> event_sink_;

    // Held while one request is handled: the worker's, or add_node's on an HTTP thread. The
    // dynamic-security client waits for one answer at a time.
    std::mutex handling_;
    // Only edgectl and holders of a join token can publish what this handles; a full queue
    // means someone is retrying in a loop, and they will retry again.
    SerialWorker<MqttMessageIn> worker_{kMaxQueued, [this](MqttMessageIn& m) { handle(m); }};
};

}  // namespace edge
