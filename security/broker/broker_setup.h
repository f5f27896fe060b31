// What a fresh hub writes so that Mosquitto enforces edgeorch's access rules: the broker's
// configuration (anonymous access off, the dynamic-security plugin on, plain MQTT on loopback
// only, mutual TLS on the LAN), the cluster's CA with the broker's, the hub's and edgectl's
// certificates and an empty revocation list, the plugin's initial file with the hub's and
// edgectl's identities, and their passwords in environment files (mode 0600) for systemd's
// EnvironmentFile= and for edgectl.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

struct BrokerSetupOptions {
    std::string dir;  // where every file goes, e.g. /etc/edgeorch/broker
    // The address of the LAN listeners (mutual TLS, and the join port).
    std::string listen_address = "0.0.0.0";
    // Plain MQTT, for edge-hub and edgectl on this machine: on loopback only.
    int port = 1883;
    // Mutual TLS: a client certificate from the cluster's CA (made in <dir>/tls), not revoked,
    // whose common name is the client's identity.
    int tls_port = 8883;
    // TLS without a client certificate, where a node redeems its join token for its own.
    int join_port = 8884;
    // Plain MQTT on listen_address instead of loopback: everyone on the LAN can then read what
    // passes, and pose as the broker to nodes that use it. For networks the owner trusts.
    bool insecure_lan_plaintext = false;
    std::string topic_prefix = "edgeorch";
    std::string plugin_path;  // empty: found among Debian's multiarch directories
    std::string broker_user;  // empty: leave the plugin file owned by the caller
    // The user edge-hub runs as: it signs node certificates with the CA key and rewrites the
    // revocation list, so it owns <dir>/tls. Empty: left to the caller.
    std::string hub_user;
    bool overwrite = false;              // a fresh hub refuses to replace existing identities
    std::vector<std::string> tls_names;  // host names and addresses the broker is reached by
};

// The files, by name inside `dir`.
inline constexpr const char* kBrokerConfigFile = "mosquitto.conf";
inline constexpr const char* kDynsecFile = "dynamic-security.json";
inline constexpr const char* kHubEnvFile = "hub.env";
inline constexpr const char* kAdminEnvFile = "edgectl.env";
inline constexpr const char* kTlsDir = "tls";

// Where Debian installs the plugin on this machine; empty if it is not installed.
std::string find_dynsec_plugin();

// The listener and access-control part of mosquitto.conf. Pure.
std::string broker_config_text(const BrokerSetupOptions& options, const std::string& plugin_path);

// Writes every file. Fails without writing anything if the plugin file already exists
// and !options.overwrite.
Status write_broker_setup(const BrokerSetupOptions& options);

}  // namespace edge
