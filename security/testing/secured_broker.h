// SecuredBroker: a real Mosquitto configured by write_broker_setup() exactly as `edge-hub init`
// configures a shipped hub (anonymous off, dynamic-security plugin, the hub's and edgectl's
// identities), on a free loopback port. Plus connack_code(), which reports how the broker
// answers one connection attempt.
// Thread-safety: use from one test thread.
#pragma once

#include <string>

#include "bus/testing/mosquitto_fixture.h"

namespace edge::testing {

class SecuredBroker {
  public:
    // Writes the setup with `prefix` (and, with `tls`, the CA, certificates and a mutual-TLS
    // listener) and starts the broker; false if either failed.
    bool start(const std::string& prefix = "edgeorch", bool tls = false);
    void stop() { process_.stop(); }
    bool available() const { return process_.available() && !plugin_missing(); }

    std::string url() const { return process_.url(); }
    int port() const { return process_.port(); }
    const std::string& hub_password() const { return hub_password_; }
    const std::string& admin_password() const { return admin_password_; }
    int tls_port() const { return tls_port_; }
    // <dir>/ca.crt, <dir>/edgectl.crt, <dir>/edgectl.key, ...
    std::string tls_dir() const { return process_.dir() + "/broker/tls"; }

  private:
    static bool plugin_missing();
    MosquittoProcess process_;
    std::string hub_password_;
    std::string admin_password_;
    int tls_port_ = 0;
};

// Connects once with MQTT v5 and returns the CONNACK reason code: 0 accepted, 135 not
// authorized, 134 bad user name or password; -1 when no CONNACK came within two seconds.
int connack_code(int port, const std::string& username, const std::string& password);

// The same over TLS, trusting `ca_file`, with a client certificate when `cert_file` is given.
int tls_connack_code(int port, const std::string& username, const std::string& password,
                     const std::string& ca_file, const std::string& cert_file = "",
                     const std::string& key_file = "");

}  // namespace edge::testing
