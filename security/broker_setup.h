// What a fresh hub writes so that Mosquitto enforces edgeorch's access rules: the broker's
// configuration (anonymous access off, the dynamic-security plugin on), the plugin's initial
// file with the hub's and edgectl's identities, and their passwords in environment files
// (mode 0600) for systemd's EnvironmentFile= and for edgectl.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

struct BrokerSetupOptions {
    std::string dir;  // where every file goes, e.g. /etc/edgeorch/broker
    std::string listen_address = "0.0.0.0";
    int port = 1883;
    std::string topic_prefix = "edgeorch";
    std::string plugin_path;  // empty: found among Debian's multiarch directories
    std::string broker_user;  // empty: leave the plugin file owned by the caller
    bool overwrite = false;   // a fresh hub refuses to replace existing identities
    // Mutual TLS: a second listener on this port (0: none) that requires a client certificate
    // from the cluster's CA, made in <dir>/tls with certificates for the hub and edgectl.
    int tls_port = 0;
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

// Writes all four files. Fails without writing anything if the plugin file already exists
// and !options.overwrite.
Status write_broker_setup(const BrokerSetupOptions& options);

}  // namespace edge
