// edgectl node ls / label / drain / activate / rm: the cluster's nodes with their state, facts
// and load; the labels that placement constraints match on; planned maintenance.
#include <iostream>

#include "edgectl/args.h"
#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

int run_node_list(const CommandContext& context) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kNodeList, nlohmann::json::object());
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_nodes(*data, now_epoch_ms());
    }
    return kExitOk;
}

int run_node_label(const CommandContext& context, const std::string& node,
                   const std::vector<std::string>& arguments) {
    // Check the arguments before connecting: a typo needs no hub to be reported.
    auto changes = parse_label_changes(arguments);
    if (!changes) return fail(changes.error().message, kExitUsage);

    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    nlohmann::json args = {{"node", node}, {"set", changes->set}, {"remove", changes->remove}};
    auto data = (*hub)->request(ops::kNodeLabel, args);
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << field_text(*data, "name", node) << ": "
                  << render_labels(data->is_object() ? data->value("labels", nlohmann::json())
                                                     : nlohmann::json())
                  << '\n';
    }
    return kExitOk;
}

// node drain / activate: one request naming the node, answered with its NodeRow.
int run_node_availability(const CommandContext& context, const char* op, const std::string& node) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(op, {{"node", node}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << node << ": " << node_state_cell(*data) << '\n';
    }
    return kExitOk;
}

int run_node_remove(const CommandContext& context, const std::string& node, bool force) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kNodeRemove, {{"node", node}, {"force", force}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << "removed node " << node << "; " << field_integer(*data, "moved_replicas")
                  << " replica(s) re-placed\n";
    }
    // With broker authentication on, a forgotten node must also lose its broker identity;
    // an anonymous (development) broker has none to revoke.
    auto connection = context.connection_options();
    if (connection && !connection->username.empty()) {
        if (Status revoked = revoke_node_credentials(context, node); !revoked) {
            return fail("node " + node + " was removed, but its broker credentials were not " +
                        "revoked (" + revoked.error().message + "); run: edgectl node revoke " +
                        node);
        }
        if (context.format() != OutputFormat::kJson) {
            std::cout << node << ": broker credentials revoked\n";
        }
    }
    return kExitOk;
}

// Registers "node VERB NODE" for a request that takes only the node's name.
void add_availability_command(CLI::App& node, CommandContext& context, const char* verb,
                              const char* op, const char* help) {
    auto name = std::make_shared<std::string>();
    CLI::App* command = node.add_subcommand(verb, help);
    command->fallthrough();
    command->add_option("node", *name, "node name")->required();
    command->callback([&context, name, op] {
        context.set_action(
            [&context, name, op] { return run_node_availability(context, op, *name); });
    });
}

}  // namespace

std::string node_state_cell(const nlohmann::json& row) {
    std::string state = field_text(row, "state");
    bool drained = row.is_object() && row.value("drained", false);
    return drained ? state + ",drained" : state;
}

std::string render_labels(const nlohmann::json& labels) {
    if (!labels.is_object() || labels.empty()) return "-";
    std::string text;
    for (const auto& [key, value] : labels.items()) {  // nlohmann's object is key-ordered
        if (!text.empty()) text += ",";
        text += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return text;
}

// The node's devices, the first few by name and a count of the rest; `-o json` has them all.
std::string render_devices(const nlohmann::json& devices) {
    if (!devices.is_array() || devices.empty()) return "-";
    constexpr size_t kShown = 3;
    std::string text;
    for (size_t i = 0; i < devices.size() && i < kShown; ++i) {
        if (!text.empty()) text += ",";
        text += devices[i].is_string() ? devices[i].get<std::string>() : devices[i].dump();
    }
    if (devices.size() > kShown) text += ",+" + std::to_string(devices.size() - kShown);
    return text;
}

std::string render_nodes(const nlohmann::json& rows, int64_t now_ms) {
    Table table({"NAME", "STATE", "CLASS", "ARCH", "CPUS", "STORAGE", "MEMORY", "ALLOCATABLE",
                 "RESERVED", "REPLICAS", "LAST SEEN", "LABELS", "DEVICES"});
    if (rows.is_array()) {
        for (const auto& row : rows) {
            int64_t cpus = field_integer(row, "cpus");
            table.add_row({field_text(row, "name"), node_state_cell(row),
                           field_text(row, "class", "-"), field_text(row, "arch", "-"),
                           cpus > 0 ? std::to_string(cpus) : "-", field_text(row, "storage", "-"),
                           memory_cell(field_integer(row, "memory_total")),
                           memory_cell(field_integer(row, "allocatable")),
                           memory_cell(field_integer(row, "reserved")),
                           std::to_string(field_integer(row, "replicas")),
                           age_cell(field_integer(row, "last_seen_ms"), now_ms),
                           render_labels(row.is_object() ? row.value("labels", nlohmann::json())
                                                         : nlohmann::json()),
                           render_devices(row.is_object() ? row.value("devices", nlohmann::json())
                                                          : nlohmann::json())});
        }
    }
    return table.render();
}

void add_node_commands(CLI::App& app, CommandContext& context) {
    CLI::App* node =
        app.add_subcommand("node", "inspect nodes, change their labels, maintain them");
    node->require_subcommand(1);
    node->fallthrough();

    CLI::App* list = node->add_subcommand("ls", "list nodes with their facts and load");
    list->fallthrough();
    list->callback(
        [&context] { context.set_action([&context] { return run_node_list(context); }); });

    auto name = std::make_shared<std::string>();
    auto changes = std::make_shared<std::vector<std::string>>();
    CLI::App* label = node->add_subcommand("label", "set (key=value) or remove (key-) node labels");
    label->fallthrough();
    label->add_option("node", *name, "node name")->required();
    label->add_option("changes", *changes, "key=value to set, key- to remove")->required();
    label->callback([&context, name, changes] {
        context.set_action(
            [&context, name, changes] { return run_node_label(context, *name, *changes); });
    });

    add_availability_command(*node, context, "drain", ops::kNodeDrain,
                             "move the node's replicas away and place nothing new on it");
    add_availability_command(*node, context, "activate", ops::kNodeActivate,
                             "let a drained node receive replicas again");

    auto removed = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    CLI::App* remove = node->add_subcommand("rm", "forget a node that is gone for good");
    remove->fallthrough();
    remove->add_option("node", *removed, "node name")->required();
    remove->add_flag("--force", *force, "remove it even while it is ready");
    remove->callback([&context, removed, force] {
        context.set_action(
            [&context, removed, force] { return run_node_remove(context, *removed, *force); });
    });
    add_node_credential_commands(*node, context);
}

}  // namespace edge::ctl
