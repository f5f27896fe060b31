// edge-hub init: the one step that makes a fresh hub's broker refuse anonymous clients.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "hub/init_command.h"
#include "security/broker_setup.h"

namespace edge {

int run_hub_init(int argc, char** argv) {
    BrokerSetupOptions options;
    CLI::App app{"edge-hub init: broker configuration and identities for a fresh hub",
                 "edge-hub init"};
    app.add_option("--dir", options.dir, "directory for the broker's files")->required();
    app.add_option("--listen", options.listen_address, "address the broker listens on")
        ->capture_default_str();
    app.add_option("--port", options.port, "port the broker listens on")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    app.add_option("--prefix", options.topic_prefix, "MQTT topic prefix")->capture_default_str();
    app.add_option("--broker-user", options.broker_user,
                   "system user Mosquitto runs as (Debian: mosquitto); owns the identity file");
    app.add_option("--plugin", options.plugin_path, "path of mosquitto_dynamic_security.so");
    app.add_option("--tls-port", options.tls_port,
                   "also listen here with mutual TLS (e.g. 8883); makes a CA and certificates")
        ->check(CLI::Range(1, 65535));
    app.add_option("--tls-name", options.tls_names,
                   "host name or address nodes reach the broker by (repeatable)");
    app.add_flag("--force", options.overwrite, "replace existing identities");
    CLI11_PARSE(app, argc, argv);

    if (Status written = write_broker_setup(options); !written) {
        std::fprintf(stderr, "edge-hub init: %s\n", written.error().message.c_str());
        return 1;
    }
    std::filesystem::path dir(options.dir);
    std::string tls_line;
    if (options.tls_port > 0) {
        tls_line = "  TLS:     CA and certificates in " + (dir / kTlsDir).string() + "\n";
    }
    std::printf(
        "Wrote %s (anonymous access off) and the hub's and edgectl's identities.\n"
        "  broker:  mosquitto -c %s (or copy it into /etc/mosquitto/conf.d/)\n"
        "  hub:     EnvironmentFile=%s (EDGE_HUB_USERNAME, EDGE_HUB_PASSWORD)\n"
        "  edgectl: set -a; . %s; set +a   (EDGE_USERNAME, EDGE_PASSWORD)\n"
        "  nodes:   edgectl node add NODE  prints each node's join command\n"
        "%s",
        (dir / kBrokerConfigFile).c_str(), (dir / kBrokerConfigFile).c_str(),
        (dir / kHubEnvFile).c_str(), (dir / kAdminEnvFile).c_str(), tls_line.c_str());
    return 0;
}

}  // namespace edge
