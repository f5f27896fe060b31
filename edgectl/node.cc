// edgectl node ls / node label: the cluster's nodes with their facts and load, and changing
// the labels that placement constraints match on.
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

}  // namespace

std::string render_labels(const nlohmann::json& labels) {
    if (!labels.is_object() || labels.empty()) return "-";
    std::string text;
    for (const auto& [key, value] : labels.items()) {  // nlohmann's object is key-ordered
        if (!text.empty()) text += ",";
        text += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return text;
}

std::string render_nodes(const nlohmann::json& rows, int64_t now_ms) {
    Table table({"NAME", "STATE", "CLASS", "ARCH", "CPUS", "STORAGE", "MEMORY", "ALLOCATABLE",
                 "RESERVED", "REPLICAS", "LAST SEEN", "LABELS"});
    if (rows.is_array()) {
        for (const auto& row : rows) {
            int64_t cpus = field_integer(row, "cpus");
            table.add_row({field_text(row, "name"), field_text(row, "state"),
                           field_text(row, "class", "-"), field_text(row, "arch", "-"),
                           cpus > 0 ? std::to_string(cpus) : "-", field_text(row, "storage", "-"),
                           memory_cell(field_integer(row, "memory_total")),
                           memory_cell(field_integer(row, "allocatable")),
                           memory_cell(field_integer(row, "reserved")),
                           std::to_string(field_integer(row, "replicas")),
                           age_cell(field_integer(row, "last_seen_ms"), now_ms),
                           render_labels(row.is_object() ? row.value("labels", nlohmann::json())
                                                         : nlohmann::json())});
        }
    }
    return table.render();
}

void add_node_commands(CLI::App& app, CommandContext& context) {
    CLI::App* node = app.add_subcommand("node", "inspect nodes and change their labels");
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
    add_node_credential_commands(*node, context);
}

}  // namespace edge::ctl
