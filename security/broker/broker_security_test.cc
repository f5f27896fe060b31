// Least privilege on a real Mosquitto configured as `edge-hub init` ships it: anonymous and
// unknown clients are refused, nodes join with single-use tokens, each node reads only its
// own desired set and writes only its own topics, and a revoked node is cut off.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include "bus/request_client.h"
#include "security/broker/enrollment_service.h"
#include "security/broker/role_upgrade.h"
#include "security/join_client.h"
#include "security/join_messages.h"
#include "security/pki/node_pki.h"
#include "security/testing/secured_broker.h"

namespace edge {
namespace {

using namespace std::chrono_literals;

constexpr int kAccepted = 0;

// Waits up to two seconds for `condition`.
template <typename Condition>
bool eventually(Condition condition) {
    for (int i = 0; i < 40 && !condition(); ++i) std::this_thread::sleep_for(50ms);
    return condition();
}

// An MQTT client that remembers every topic it received a message on.
class Recorder {
  public:
    Recorder(const std::string& url, const std::string& username, const std::string& password,
             const std::vector<std::string>& filters) {
        static int next = 0;
        MqttOptions options{url, "recorder-" + std::to_string(++next), username, password};
        client_ = std::move(MqttClient::create(options).value());
        client_->on_message([this](const MqttMessageIn& message) {
            std::lock_guard lock(mutex_);
            topics_.insert(message.topic);
        });
        for (const auto& filter : filters) EXPECT_TRUE(client_->subscribe(filter, 1).ok());
        EXPECT_TRUE(client_->start().ok());
    }
    ~Recorder() { client_->stop(); }
    bool connected() const { return client_->connected(); }
    bool received(const std::string& topic) {
        std::lock_guard lock(mutex_);
        return topics_.count(topic) > 0;
    }
    MqttClient& client() { return *client_; }

  private:
    std::unique_ptr<MqttClient> client_;
    std::mutex mutex_;
    std::set<std::string> topics_;
};

class BrokerSecurityTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!broker_.available())
            GTEST_SKIP() << "mosquitto or its dynamic-security plugin missing";
        ASSERT_TRUE(broker_.start());
        auto enrollment =
            EnrollmentService::create({broker_.url(), "edgeorch", "test-enrollment", kHubUsername,
                                       broker_.hub_password(), broker_.tls_dir()});
        ASSERT_TRUE(enrollment.ok());
        enrollment_ = std::move(*enrollment);
        ASSERT_TRUE(enrollment_->start().ok());
        for (int i = 0; i < 200 && !enrollment_->connected(); ++i)
            std::this_thread::sleep_for(50ms);
        ASSERT_TRUE(enrollment_->connected());
    }
    void TearDown() override {
        if (enrollment_) enrollment_->stop();
    }

    // What `edgectl node add` and `node revoke` send, as edgectl's identity.
    Result<nlohmann::json> credentials_request(const char* op, const std::string& node) {
        auto client = RequestClient::connect(broker_.url(), Topics(), 5s, kAdminUsername,
                                             broker_.admin_password());
        if (!client) return client.error();
        Request request{op, {{"node", node}}};
        auto response = (*client)->call(request, 10s, topics_.credentials());
        if (!response) return response.error();
        if (!response->ok) return make_error(response->error);
        return response->data;
    }

    Result<JoinedNode> join_with_certificate(const std::string& node) {
        auto issued = credentials_request(credential_ops::kNodeAdd, node);
        if (!issued) return issued.error();
        return join_cluster(broker_.join_options(node, issued->value("token", std::string()),
                                                 issued->value("ca_fingerprint", std::string())));
    }

    Result<NodeCredentials> join(const std::string& node) {
        auto joined = join_with_certificate(node);
        if (!joined) return joined.error();
        return joined->credentials;
    }

    testing::SecuredBroker broker_;
    std::unique_ptr<EnrollmentService> enrollment_;
    AccessTopics topics_;
    Topics tree_;
};

TEST_F(BrokerSecurityTest, RefusesAnonymousAndUnknownClients) {
    EXPECT_NE(testing::connack_code(broker_.port(), "", ""), kAccepted);
    EXPECT_NE(testing::connack_code(broker_.port(), kAdminUsername, "wrong"), kAccepted);
    EXPECT_NE(testing::connack_code(broker_.port(), "node:pi1", "guess"), kAccepted);
    EXPECT_EQ(testing::connack_code(broker_.port(), kAdminUsername, broker_.admin_password()),
              kAccepted);
    EXPECT_EQ(testing::connack_code(broker_.port(), kHubUsername, broker_.hub_password()),
              kAccepted);
}

TEST_F(BrokerSecurityTest, JoinTokenGivesNodeCredentialsOnce) {
    auto issued = credentials_request(credential_ops::kNodeAdd, "pi1");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    std::string token = issued->value("token", "");
    ASSERT_FALSE(token.empty());
    std::string pin = issued->value("ca_fingerprint", "");
    ASSERT_EQ(pin.rfind("sha256:", 0), 0u) << pin;

    auto joined = join_cluster(broker_.join_options("pi1", token, pin));
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    const NodeCredentials* credentials = &joined->credentials;
    EXPECT_EQ(credentials->username, node_username("pi1"));
    EXPECT_EQ(testing::connack_code(broker_.port(), credentials->username, credentials->password),
              kAccepted);

    // Single use: the token's identity is gone once redeemed.
    EXPECT_TRUE(eventually([&] {
        return testing::connack_code(broker_.port(), join_username("pi1"), token) != kAccepted;
    }));
    auto options = broker_.join_options("pi1", token, pin);
    options.timeout = 3s;
    EXPECT_FALSE(join_cluster(options).ok());
}

TEST_F(BrokerSecurityTest, JoinRefusesABrokerWhoseCaIsNotPinned) {
    auto issued = credentials_request(credential_ops::kNodeAdd, "pi1");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    std::string wrong_pin = "sha256:" + std::string(64, '0');
    auto joined = join_cluster(broker_.join_options("pi1", issued->value("token", ""), wrong_pin));
    ASSERT_FALSE(joined.ok());
    EXPECT_NE(joined.error().message.find("does not match the pinned"), std::string::npos)
        << joined.error().message;
    // Refused before MQTT: the token was never sent, so it still works.
    EXPECT_EQ(
        testing::connack_code(broker_.port(), join_username("pi1"), issued->value("token", "")),
        kAccepted);
}

TEST_F(BrokerSecurityTest, NodeCertificateIsItsIdentityOnTheMutualTlsListener) {
    auto joined = join_with_certificate("node-a");
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    std::string dir = broker_.tls_dir() + "/..";
    std::string key = dir + "/node-a.key";
    std::string cert = dir + "/node-a.crt";
    ASSERT_TRUE(write_private_file(key, joined->key_pem).ok());
    ASSERT_TRUE(write_private_file(cert, joined->certificate_pem).ok());
    std::string ca = broker_.tls_dir() + "/ca.crt";
    // No password: the certificate's CN, node:node-a, is the identity.
    EXPECT_EQ(testing::tls_connack_code(broker_.tls_port(), "", "", ca, cert, key), kAccepted);
    // A password without a certificate gets nowhere on this listener.
    EXPECT_NE(testing::tls_connack_code(broker_.tls_port(), joined->credentials.username,
                                        joined->credentials.password, ca),
              kAccepted);
    // Nor does plain MQTT.
    EXPECT_NE(testing::connack_code(broker_.tls_port(), joined->credentials.username,
                                    joined->credentials.password),
              kAccepted);

    // Revoked: listed in the CRL, so once the broker reloads it the TLS handshake fails.
    ASSERT_TRUE(credentials_request(credential_ops::kNodeRevoke, "node-a").ok());
    broker_.reload();
    EXPECT_TRUE(eventually([&] {
        return testing::tls_connack_code(broker_.tls_port(), "", "", ca, cert, key) == -1;
    }));
    // edgectl's certificate, not revoked, still works.
    EXPECT_EQ(testing::tls_connack_code(broker_.tls_port(), "", "", ca,
                                        broker_.tls_dir() + "/edgectl.crt",
                                        broker_.tls_dir() + "/edgectl.key"),
              kAccepted);
}

TEST_F(BrokerSecurityTest, NodeReadsOnlyItsOwnDesiredSet) {
    auto a = join("node-a");
    auto b = join("node-b");
    ASSERT_TRUE(a.ok() && b.ok());
    Recorder spy(broker_.url(), a->username, a->password,
                 {tree_.desired("node-a"), tree_.desired("node-b"), "edgeorch/#", "#"});
    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(), {});
    ASSERT_TRUE(eventually([&] { return spy.connected() && hub.connected(); }));
    for (const char* node : {"node-b", "node-a"}) {
        ASSERT_TRUE(hub.client().publish({tree_.desired(node), "{}", 1, true}).ok());
    }
    EXPECT_TRUE(eventually([&] { return spy.received(tree_.desired("node-a")); }));
    EXPECT_FALSE(spy.received(tree_.desired("node-b")));
}

TEST_F(BrokerSecurityTest, NodePublishesOnlyAsItself) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(),
                 {"edgeorch/nodes/+/report", "edgeorch/nodes/+/status", "edgeorch/hub/requests"});
    Recorder watcher(broker_.url(), kAdminUsername, broker_.admin_password(), {tree_.events()});
    Recorder node(broker_.url(), a->username, a->password, {});
    ASSERT_TRUE(eventually([&] { return hub.connected() && node.connected(); }));

    for (const std::string& forged : {tree_.report("node-b"), tree_.status("node-b"),
                                      tree_.requests(), tree_.events(), tree_.desired("node-a")}) {
        ASSERT_TRUE(node.client().publish({forged, "{}", 1}).ok());
    }
    ASSERT_TRUE(node.client().publish({tree_.report("node-a"), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return hub.received(tree_.report("node-a")); }));
    EXPECT_FALSE(hub.received(tree_.report("node-b")));
    EXPECT_FALSE(hub.received(tree_.status("node-b")));
    EXPECT_FALSE(hub.received(tree_.requests()));
    EXPECT_FALSE(watcher.received(tree_.events()));
}

TEST_F(BrokerSecurityTest, LogsFlowFromTheHubToOneNodeAndBackToEdgectlOnly) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    Recorder node(broker_.url(), a->username, a->password,
                  {tree_.logs_command("node-a"), tree_.logs_command("node-b")});
    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(), {tree_.all_node_logs()});
    Recorder admin(broker_.url(), kAdminUsername, broker_.admin_password(),
                   {tree_.logs_relay("session-1")});
    ASSERT_TRUE(
        eventually([&] { return node.connected() && hub.connected() && admin.connected(); }));
    for (const char* target : {"node-b", "node-a"}) {
        ASSERT_TRUE(hub.client().publish({tree_.logs_command(target), "{}", 1}).ok());
    }
    EXPECT_TRUE(eventually([&] { return node.received(tree_.logs_command("node-a")); }));
    EXPECT_FALSE(node.received(tree_.logs_command("node-b")));
    // A node reaches edgectl only through the hub, and only on its own log topic.
    ASSERT_TRUE(node.client().publish({tree_.logs_relay("session-1"), "{}", 1}).ok());
    ASSERT_TRUE(node.client().publish({tree_.node_log("node-b"), "{}", 1}).ok());
    ASSERT_TRUE(node.client().publish({tree_.node_log("node-a"), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return hub.received(tree_.node_log("node-a")); }));
    EXPECT_FALSE(hub.received(tree_.node_log("node-b")));
    EXPECT_FALSE(admin.received(tree_.logs_relay("session-1")));
    ASSERT_TRUE(hub.client().publish({tree_.logs_relay("session-1"), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return admin.received(tree_.logs_relay("session-1")); }));
}

// Shipped files and secrets: a node asks only as itself and reads only its own answers, so the
// hub can trust the topic for the node's identity and a node never sees another's secrets.
TEST_F(BrokerSecurityTest, FetchesFlowBetweenTheHubAndOneNodeOnly) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    Recorder node(broker_.url(), a->username, a->password,
                  {tree_.fetched("node-a"), tree_.fetched("node-b"), tree_.all_fetches()});
    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(), {tree_.all_fetches()});
    ASSERT_TRUE(eventually([&] { return node.connected() && hub.connected(); }));
    ASSERT_TRUE(node.client().publish({tree_.fetch("node-b"), "{}", 1}).ok());
    ASSERT_TRUE(node.client().publish({tree_.fetched("node-a"), "{}", 1}).ok());
    ASSERT_TRUE(node.client().publish({tree_.fetch("node-a"), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return hub.received(tree_.fetch("node-a")); }));
    EXPECT_FALSE(hub.received(tree_.fetch("node-b")));
    EXPECT_FALSE(node.received(tree_.fetch("node-a")));  // nor can it watch other requests
    for (const char* target : {"node-b", "node-a"}) {
        ASSERT_TRUE(hub.client().publish({tree_.fetched(target), "{}", 1}).ok());
    }
    EXPECT_TRUE(eventually([&] { return node.received(tree_.fetched("node-a")); }));
    EXPECT_FALSE(node.received(tree_.fetched("node-b")));
}

TEST_F(BrokerSecurityTest, RolesOfAnOlderReleaseGetTheNewAcls) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    // A broker-admin connection, as the hub's enrollment service has.
    MqttOptions options{broker_.url(), "upgrade-test", kHubUsername, broker_.hub_password()};
    auto mqtt = std::move(MqttClient::create(options).value());
    DynsecClient dynsec(*mqtt);
    mqtt->on_message([&](const MqttMessageIn& message) { dynsec.deliver(message); });
    ASSERT_TRUE(mqtt->subscribe(kDynsecResponseTopic, 1).ok());
    ASSERT_TRUE(mqtt->start().ok());
    ASSERT_TRUE(eventually([&] { return mqtt->connected(); }));
    // Make node-a's role what a node joined before `edgectl logs` has.
    for (const char* type : {"subscribePattern", "publishClientReceive"}) {
        auto removed = dynsec.run({{"command", "removeRoleACL"},
                                   {"rolename", node_username("node-a")},
                                   {"acltype", type},
                                   {"topic", tree_.logs_command("node-a")}});
        ASSERT_TRUE(removed.ok() && removed->empty()) << (removed ? *removed : "no answer");
    }
    Recorder old_node(broker_.url(), a->username, a->password, {tree_.logs_command("node-a")});
    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(), {});
    ASSERT_TRUE(eventually([&] { return old_node.connected() && hub.connected(); }));
    ASSERT_TRUE(hub.client().publish({tree_.logs_command("node-a"), "{}", 1}).ok());
    std::this_thread::sleep_for(300ms);
    EXPECT_FALSE(old_node.received(tree_.logs_command("node-a")));

    auto upgraded = upgrade_roles(dynsec, topics_);
    ASSERT_TRUE(upgraded.ok()) << upgraded.error().message;
    std::string added;
    for (const auto& acl : upgraded->added_acls) added += acl + "; ";
    EXPECT_EQ(upgraded->added, 2) << added;
    EXPECT_GE(upgraded->roles, 3);
    Recorder new_node(broker_.url(), a->username, a->password, {tree_.logs_command("node-a")});
    ASSERT_TRUE(eventually([&] { return new_node.connected(); }));
    ASSERT_TRUE(hub.client().publish({tree_.logs_command("node-a"), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return new_node.received(tree_.logs_command("node-a")); }));
    // Idempotent: nothing more to add.
    auto again = upgrade_roles(dynsec, topics_);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->added, 0);
    auto role = dynsec.query({{"command", "getRole"}, {"rolename", node_username("node-a")}});
    ASSERT_TRUE(role.ok());
    EXPECT_EQ((*role)["role"]["acls"].size(), node_role(topics_, "node-a").acls.size());
    mqtt->stop();
}

TEST_F(BrokerSecurityTest, RevokedNodeIsDisconnectedAndCannotReconnect) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    Recorder node(broker_.url(), a->username, a->password, {});
    ASSERT_TRUE(eventually([&] { return node.connected(); }));

    auto revoked = credentials_request(credential_ops::kNodeRevoke, "node-a");
    ASSERT_TRUE(revoked.ok()) << revoked.error().message;
    EXPECT_TRUE(eventually([&] { return !node.connected(); }));
    EXPECT_NE(testing::connack_code(broker_.port(), a->username, a->password), kAccepted);
    // Revoking again is harmless.
    EXPECT_TRUE(credentials_request(credential_ops::kNodeRevoke, "node-a").ok());
}

TEST_F(BrokerSecurityTest, NodeCannotIssueTokens) {
    auto a = join("node-a");
    ASSERT_TRUE(a.ok());
    auto client = RequestClient::connect(broker_.url(), Topics(), 5s, a->username, a->password);
    ASSERT_TRUE(client.ok());
    auto response =
        (*client)->call({credential_ops::kNodeAdd, {{"node", "evil"}}}, 2s, topics_.credentials());
    EXPECT_FALSE(response.ok());
}

// `edgectl env grant preprod ci` and what the broker then lets env:preprod:ci do: ask on
// preprod's request topic (where the hub hears it), and nothing else; a refused request fails at
// once with the broker's "not authorized". Revoking it locks it out.
TEST_F(BrokerSecurityTest, AnEnvironmentIdentityMayAskOnlyOnItsEnvironmentsTopic) {
    auto key = make_key_and_request("env:preprod:ci");
    ASSERT_TRUE(key.ok());
    auto admin = RequestClient::connect(broker_.url(), Topics(), 5s, kAdminUsername,
                                        broker_.admin_password());
    ASSERT_TRUE(admin.ok());
    auto granted = (*admin)->call(
        {credential_ops::kEnvGrant,
         {{"environment", "preprod"}, {"name", "ci"}, {"certificate_request", key->request_pem}}},
        10s, topics_.credentials());
    ASSERT_TRUE(granted.ok() && granted->ok) << (granted.ok() ? granted->error : "");
    const std::string username = granted->data.value("username", "");
    EXPECT_EQ(username, "env:preprod:ci");
    EXPECT_EQ(certificate_common_name(granted->data.value("certificate", "")).value(), username);

    Recorder hub(broker_.url(), kHubUsername, broker_.hub_password(),
                 {tree_.all_environment_requests(), tree_.requests()});
    ASSERT_TRUE(eventually([&] { return hub.connected(); }));
    auto ci = RequestClient::connect(broker_.url(), Topics(), 5s, username,
                                     granted->data.value("password", ""), {}, username);
    ASSERT_TRUE(ci.ok()) << ci.error().message;
    for (const std::string& topic :
         {tree_.environment_requests("prod"), tree_.requests(), topics_.credentials()}) {
        auto refused = (*ci)->call({"stack.ls", {}}, 10s, topic);
        ASSERT_FALSE(refused.ok()) << topic;
        EXPECT_NE(refused.error().message.find("not authorized"), std::string::npos)
            << refused.error().message;
    }
    // Its own environment's topic reaches the hub (which does not run here, so no answer).
    EXPECT_FALSE((*ci)->call({"stack.ls", {}}, 1s, tree_.environment_requests("preprod")).ok());
    EXPECT_TRUE(eventually([&] { return hub.received(tree_.environment_requests("preprod")); }));
    EXPECT_FALSE(hub.received(tree_.environment_requests("prod")));
    EXPECT_FALSE(hub.received(tree_.requests()));

    auto revoked =
        (*admin)->call({credential_ops::kEnvRevoke, {{"environment", "preprod"}, {"name", "ci"}}},
                       10s, topics_.credentials());
    ASSERT_TRUE(revoked.ok() && revoked->ok);
    EXPECT_NE(testing::connack_code(broker_.port(), username, granted->data.value("password", "")),
              kAccepted);
}

}  // namespace
}  // namespace edge

namespace edge {
namespace {

TEST(BrokerTlsTest, MutualTlsAdmitsOnlyClientsWithACertificate) {
    testing::SecuredBroker broker;
    if (!broker.available() || access("/usr/bin/openssl", X_OK) != 0) {
        GTEST_SKIP() << "mosquitto, its dynamic-security plugin or openssl missing";
    }
    ASSERT_TRUE(broker.start("edgeorch"));
    const std::string dir = broker.tls_dir();
    const std::string ca = dir + "/ca.crt";
    const std::string cert = dir + "/edgectl.crt";
    const std::string key = dir + "/edgectl.key";
    const std::string password = broker.admin_password();
    EXPECT_EQ(testing::tls_connack_code(broker.tls_port(), kAdminUsername, password, ca, cert, key),
              0);
    // No client certificate: the TLS handshake fails, so no CONNACK ever comes.
    EXPECT_NE(testing::tls_connack_code(broker.tls_port(), kAdminUsername, password, ca), 0);
    // The certificate is the identity (its CN, edgectl): no password is asked.
    EXPECT_EQ(testing::tls_connack_code(broker.tls_port(), "", "", ca, cert, key), 0);
    // Plain MQTT on the mutual-TLS port gets no CONNACK.
    EXPECT_NE(testing::connack_code(broker.tls_port(), kAdminUsername, password), 0);
    // The join port speaks TLS without a client certificate, and checks passwords.
    EXPECT_EQ(testing::tls_connack_code(broker.join_port(), kAdminUsername, password, ca), 0);
    EXPECT_NE(testing::tls_connack_code(broker.join_port(), kAdminUsername, "wrong", ca), 0);
    EXPECT_NE(testing::connack_code(broker.join_port(), kAdminUsername, password), 0);

    // End to end through MqttClient: a message over mutual TLS reaches a plain subscriber.
    Topics tree;
    MqttOptions options{"mqtts://127.0.0.1:" + std::to_string(broker.tls_port()), "tls-client",
                        kAdminUsername, password};
    options.tls_ca_file = ca;
    options.tls_cert_file = cert;
    options.tls_key_file = key;
    auto client = MqttClient::create(options);
    ASSERT_TRUE(client.ok()) << client.error().message;
    std::atomic<bool> received{false};
    auto hub = MqttClient::create({broker.url(), "hub", kHubUsername, broker.hub_password()});
    ASSERT_TRUE(hub.ok());
    (*hub)->on_message([&](const MqttMessageIn&) { received = true; });
    ASSERT_TRUE((*hub)->subscribe(tree.requests(), 1).ok());
    ASSERT_TRUE((*hub)->start().ok() && (*client)->start().ok());
    ASSERT_TRUE(eventually([&] { return (*client)->connected() && (*hub)->connected(); }));
    ASSERT_TRUE((*client)->publish({tree.requests(), "{}", 1}).ok());
    EXPECT_TRUE(eventually([&] { return received.load(); }));
    (*client)->stop();
    (*hub)->stop();
}

}  // namespace
}  // namespace edge
