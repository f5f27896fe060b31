// edge-agent join: redeems a join token and stores the node's credentials (mode 0600) in the
// agent's state directory, where edge-agent finds them at start.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "agent/join.h"
#include "core/names.h"
#include "security/join_client.h"
#include "security/private_file.h"

namespace edge {

int run_join_command(int argc, char** argv) {
    JoinOptions options;
    std::string state_dir;
    std::string timeout = "30s";
    CLI::App app{"edge-agent join: trade a join token for this node's broker credentials",
                 "edge-agent join"};
    app.add_option("--broker", options.broker_url, "MQTT broker, mqtt://host:port")->required();
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
    auto credentials = redeem_join_token(options);
    if (!credentials) {
        std::fprintf(stderr, "edge-agent join: %s\n", credentials.error().message.c_str());
        return 1;
    }
    std::error_code error;
    std::filesystem::create_directories(state_dir, error);
    std::string path = (std::filesystem::path(state_dir) / kCredentialsFileName).string();
    if (Status saved = save_credentials(path, *credentials); !saved) {
        std::fprintf(stderr, "edge-agent join: %s\n", saved.error().message.c_str());
        return 1;
    }
    std::printf("node %s joined; its credentials are in %s (mode 0600)\n", options.node.c_str(),
                path.c_str());
    return 0;
}

Status use_stored_credentials(AgentOptions& options) {
    if (!options.username.empty()) return ok_status();
    std::string path = (std::filesystem::path(options.state_dir) / kCredentialsFileName).string();
    if (!std::filesystem::exists(path)) return ok_status();
    auto credentials = load_credentials(path);
    if (!credentials) return credentials.error();
    if (credentials->node != options.node) {
        return make_error(path + " holds the credentials of node " + credentials->node + ", not " +
                          options.node);
    }
    options.username = credentials->username;
    options.password = credentials->password;
    return ok_status();
}

}  // namespace edge
