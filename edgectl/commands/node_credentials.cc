// edgectl node add / node revoke: a node's broker identity. `add` asks the hub for a
// single-use join token and prints the command that joins the node; `revoke` deletes the
// node's identity so it is disconnected and can never connect again.
#include <iostream>

#include "edgectl/commands.h"
#include "security/broker/access_topics.h"
#include "security/join_messages.h"

namespace edge::ctl {

namespace {

Result<nlohmann::json> credentials_request(const CommandContext& context, const char* op,
                                           const std::string& node) {
    auto hub = context.connect();
    if (!hub) return hub.error();
    return (*hub)->request(op, {{"node", node}},
                           AccessTopics(context.globals.prefix).credentials());
}

int run_node_add(const CommandContext& context, const std::string& node,
                 const std::string& join_broker) {
    auto data = credentials_request(context, credential_ops::kNodeAdd, node);
    if (!data) return fail(data.error().message);
    auto options = context.connection_options();
    if (!options) return fail(options.error().message);
    std::string command = join_command_line(
        join_broker.empty() ? default_join_broker(options->broker_url) : join_broker,
        context.globals.prefix, node, field_text(*data, "token"),
        field_text(*data, "ca_fingerprint"));
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, {{"node", node}, {"join_command", command}});
    } else {
        std::cout << "Run this on " << node << " (the token works once):\n  " << command << '\n';
    }
    return kExitOk;
}

int run_node_revoke(const CommandContext& context, const std::string& node) {
    auto data = credentials_request(context, credential_ops::kNodeRevoke, node);
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << node << ": broker credentials revoked\n";
    }
    return kExitOk;
}

}  // namespace

Status revoke_node_credentials(const CommandContext& context, const std::string& node) {
    auto data = credentials_request(context, credential_ops::kNodeRevoke, node);
    if (!data) return data.error();
    return ok_status();
}

std::string default_join_broker(const std::string& broker_url) {
    return lan_broker_url(broker_url, 8884);
}

void add_node_credential_commands(CLI::App& node, CommandContext& context) {
    auto name = std::make_shared<std::string>();
    auto join_broker = std::make_shared<std::string>();
    CLI::App* add = node.add_subcommand("add", "print a one-time join command for a new node");
    add->fallthrough();
    add->add_option("node", *name, "node name")->required();
    add->add_option("--join-broker", *join_broker,
                    "the URL nodes join at (default: mqtts://HUB:8884, HUB the host edgectl "
                    "reaches the broker at, or this machine's name)");
    add->callback([&context, name, join_broker] {
        context.set_action(
            [&context, name, join_broker] { return run_node_add(context, *name, *join_broker); });
    });

    CLI::App* revoke =
        node.add_subcommand("revoke", "delete a node's broker credentials and disconnect it");
    revoke->fallthrough();
    revoke->add_option("node", *name, "node name")->required();
    revoke->callback([&context, name] {
        context.set_action([&context, name] { return run_node_revoke(context, *name); });
    });
}

}  // namespace edge::ctl
