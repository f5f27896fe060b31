// SecuredBroker: a real Mosquitto configured by write_broker_setup() exactly as `edge-hub init`
// configures a shipped hub (anonymous off, dynamic-security plugin, the hub's and edgectl's
// identities), on a free loopback port. Plus connack_code(), which reports how the broker
// answers one connection attempt.
// Thread-safety: use from one test thread.
#pragma once

#include <string>

#include "bus/testing/mosquitto_fixture.h"
#include "security/join_client.h"

namespace edge::testing {

class SecuredBroker {
  public:
    // Writes the setup with `prefix` (the CA, certificates, plain MQTT on the loopback port, the
    // mutual-TLS and the join listeners) and starts the broker; false if either failed.
    bool start(const std::string& prefix = "edgeorch");
    void stop() { process_.stop(); }
    // What edgeorch-crl.path does on a packaged hub when edge-hub rewrites the CRL.
    void reload() { process_.reload(); }
    bool available() const { return process_.available() && !plugin_missing(); }

    std::string url() const { return process_.url(); }
    int port() const { return process_.port(); }
    const std::string& hub_password() const { return hub_password_; }
    const std::string& admin_password() const { return admin_password_; }
    int tls_port() const { return tls_port_; }
    int join_port() const { return join_port_; }
    // Where a node redeems its join token.
    std::string join_url() const { return "mqtts://127.0.0.1:" + std::to_string(join_port_); }
    // <dir>/ca.crt, <dir>/edgectl.crt, <dir>/edgectl.key, ...
    std::string tls_dir() const { return process_.dir() + "/broker/tls"; }
    // What `edge-agent join` is given for `node`, pinning `ca_fingerprint`; the pinned CA goes
    // to <dir>/<node>-ca.crt.
    JoinOptions join_options(const std::string& node, const std::string& token,
                             const std::string& ca_fingerprint) const;

  private:
    static bool plugin_missing();
    MosquittoProcess process_;
    std::string hub_password_;
    std::string admin_password_;
    int tls_port_ = 0;
    int join_port_ = 0;
};

// Connects once with MQTT v5 and returns the CONNACK reason code: 0 accepted, 135 not
// authorized, 134 bad user name or password; -1 when no CONNACK came within two seconds.
int connack_code(int port, const std::string& username, const std::string& password);

// The same over TLS, trusting `ca_file`, with a client certificate when `cert_file` is given.
int tls_connack_code(int port, const std::string& username, const std::string& password,
                     const std::string& ca_file, const std::string& cert_file = "",
                     const std::string& key_file = "");

}  // namespace edge::testing
