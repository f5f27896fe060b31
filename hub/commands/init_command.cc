// edge-hub init: the one step that makes a fresh hub's broker refuse anonymous clients and
// speak only mutual TLS on the LAN.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "hub/commands/init_command.h"
#include "security/broker/broker_setup.h"
#include "security/pki/node_certificates.h"
#include "security/pki/tls_setup.h"

namespace edge {

int run_hub_init(int argc, char** argv) {
    BrokerSetupOptions options;
    CLI::App app{"edge-hub init: broker configuration and identities for a fresh hub",
                 "edge-hub init"};
    app.add_option("--dir", options.dir, "directory for the broker's files")->required();
    app.add_option("--listen", options.listen_address,
                   "address of the LAN listeners (mutual TLS, and joins)")
        ->capture_default_str();
    app.add_option("--port", options.port,
                   "plain MQTT port, on loopback only (for edge-hub and edgectl here)")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    app.add_option("--tls-port", options.tls_port,
                   "mutual-TLS port on the LAN: nodes and remote edgectl, with certificates")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    app.add_option("--join-port", options.join_port,
                   "TLS port on the LAN where a node redeems its join token")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    app.add_option("--tls-name", options.tls_names,
                   "host name or address nodes reach the broker by (repeatable); the broker's "
                   "certificate names them, and a node checks it");
    app.add_flag("--insecure-lan-plaintext", options.insecure_lan_plaintext,
                 "ALSO listen with plain MQTT on --listen, not only on loopback: anyone on the "
                 "LAN can then read desired sets and their environment, and pose as the broker "
                 "to clients that use that port");
    app.add_option("--prefix", options.topic_prefix, "MQTT topic prefix")->capture_default_str();
    app.add_option("--broker-user", options.broker_user,
                   "system user Mosquitto runs as (Debian: mosquitto); owns the identity file");
    app.add_option("--hub-user", options.hub_user,
                   "system user edge-hub runs as (Debian: edge-hub); owns the CA key and CRL");
    app.add_option("--plugin", options.plugin_path, "path of mosquitto_dynamic_security.so");
    app.add_flag("--force", options.overwrite, "replace existing identities");
    CLI11_PARSE(app, argc, argv);

    if (Status written = write_broker_setup(options); !written) {
        std::fprintf(stderr, "edge-hub init: %s\n", written.error().message.c_str());
        return 1;
    }
    std::filesystem::path dir(options.dir);
    std::filesystem::path tls = dir / kTlsDir;
    auto fingerprint = NodeCertificates(tls.string()).ca_fingerprint();
    std::printf(
        "Wrote %s (anonymous access off) and the hub's and edgectl's identities.\n"
        "  broker:  mosquitto -c %s (or copy it into /etc/mosquitto/conf.d/)\n"
        "           plain MQTT on %s:%d; mutual TLS on %s:%d; joins (TLS) on %s:%d\n"
        "  CA:      %s, key fingerprint %s\n"
        "  hub:     EnvironmentFile=%s (EDGE_HUB_USERNAME, EDGE_HUB_PASSWORD), --tls-dir %s\n"
        "  edgectl: set -a; . %s; set +a   (EDGE_USERNAME, EDGE_PASSWORD)\n"
        "  nodes:   edgectl node add NODE  prints each node's join command\n",
        (dir / kBrokerConfigFile).c_str(), (dir / kBrokerConfigFile).c_str(),
        options.insecure_lan_plaintext ? options.listen_address.c_str() : "127.0.0.1", options.port,
        options.listen_address.c_str(), options.tls_port, options.listen_address.c_str(),
        options.join_port, (tls / kCaCertFile).c_str(), fingerprint ? fingerprint->c_str() : "?",
        (dir / kHubEnvFile).c_str(), tls.c_str(), (dir / kAdminEnvFile).c_str());
    return 0;
}

}  // namespace edge
