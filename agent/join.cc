// edge-agent join: pins the CA, redeems a join token for a certificate and an identity, and
// stores them in the agent's state directory, where edge-agent finds them at start.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "agent/join.h"
#include "bus/mqtt_client.h"
#include "core/names.h"
#include "security/join_client.h"
#include "security/private_file.h"

namespace edge {

int run_join_command(int argc, char** argv) {
    JoinOptions options;
    std::string state_dir;
    std::string timeout = "30s";
    CLI::App app{
        "edge-agent join: trade a join token for this node's certificate and broker "
        "identity",
        "edge-agent join"};
    app.add_option("--broker", options.broker_url,
                   "the broker's join port, mqtts://host:port (8884 by default)")
        ->required();
    app.add_option("--ca-fingerprint", options.ca_fingerprint,
                   "sha256:HEX of the cluster CA's public key, as `edgectl node add` printed; "
                   "a broker whose CA has another key is refused")
        ->required();
    app.add_option("--node", options.node, "this node's name")->required();
    app.add_option("--token", options.token, "the token `edgectl node add` printed")->required();
    app.add_option("--state-dir", state_dir, "the agent's state directory")->required();
    app.add_option("--prefix", options.topic_prefix, "MQTT topic prefix")->capture_default_str();
    app.add_option("--timeout", timeout, "how long to wait, e.g. 30s")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    if (Status valid = validate_name("node", options.node); !valid) {
        std::fprintf(stderr, "edge-agent join: %s\n", valid.error().message.c_str());
        return 2;
    }
    auto wait = parse_duration(timeout);
    if (!wait) {
        std::fprintf(stderr, "edge-agent join: --timeout: %s\n", wait.error().message.c_str());
        return 2;
    }
    options.timeout = *wait;
    std::filesystem::path tls_dir = std::filesystem::path(state_dir) / kNodeTlsDir;
    std::error_code error;
    std::filesystem::create_directories(tls_dir, error);
    if (error) {
        std::fprintf(stderr, "edge-agent join: cannot create %s: %s\n", tls_dir.c_str(),
                     error.message().c_str());
        return 1;
    }
    options.ca_file = (tls_dir / kNodeCaFile).string();
    auto joined = join_cluster(options);
    if (!joined) {
        std::fprintf(stderr, "edge-agent join: %s\n", joined.error().message.c_str());
        return 1;
    }
    // The key and certificate before the credentials: an agent that finds credentials.json
    // finds the files it needs with it.
    std::string path = (std::filesystem::path(state_dir) / kCredentialsFileName).string();
    Status saved = write_private_file((tls_dir / kNodeKeyFile).string(), joined->key_pem);
    if (saved)
        saved = write_private_file((tls_dir / kNodeCertFile).string(), joined->certificate_pem);
    if (saved) saved = save_credentials(path, joined->credentials);
    if (!saved) {
        std::fprintf(stderr, "edge-agent join: %s\n", saved.error().message.c_str());
        return 1;
    }
    std::printf(
        "node %s joined; its certificate, key (mode 0600) and credentials are in %s\n"
        "run it with --broker mqtts://HOST:8883 (the broker's mutual-TLS port)\n",
        options.node.c_str(), state_dir.c_str());
    return 0;
}

}  // namespace edge
