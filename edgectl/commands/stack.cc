// edgectl stack ls / stack rm: the stacks the hub knows, and removing one with all its
// containers.
#include <iostream>

#include "core/environments.h"
#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

int run_stack_list(const CommandContext& context) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kStackList, nlohmann::json::object());
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_stacks(*data, now_epoch_ms());
    }
    return kExitOk;
}

int run_stack_remove(const CommandContext& context, const std::string& stack) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kStackRemove, {{"stack", stack}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << "removed stack " << field_text(*data, "stack", stack) << " ("
                  << field_integer(*data, "removed_services") << " service(s))\n";
    }
    return kExitOk;
}

}  // namespace

std::string render_stacks(const nlohmann::json& rows, int64_t now_ms) {
    const bool env_column = spans_environments(rows);
    std::vector<std::string> headers = {"NAME", "SERVICES", "REPLICAS", "UPDATED"};
    if (env_column) headers.insert(headers.begin(), "ENV");
    Table table(headers);
    if (rows.is_array()) {
        for (const auto& row : rows) {
            std::string name = field_text(row, "name");
            std::vector<std::string> cells = {env_column ? split_stack_key(name).stack : name,
                                              std::to_string(field_integer(row, "services")),
                                              std::to_string(field_integer(row, "running")) + "/" +
                                                  std::to_string(field_integer(row, "desired")),
                                              age_cell(field_integer(row, "updated_ms"), now_ms)};
            if (env_column) cells.insert(cells.begin(), field_text(row, "environment", "default"));
            table.add_row(std::move(cells));
        }
    }
    return table.render();
}

void add_stack_commands(CLI::App& app, CommandContext& context) {
    CLI::App* stack = app.add_subcommand("stack", "list or remove stacks");
    stack->require_subcommand(1);
    stack->fallthrough();

    CLI::App* list = stack->add_subcommand("ls", "list stacks");
    list->fallthrough();
    list->callback(
        [&context] { context.set_action([&context] { return run_stack_list(context); }); });

    auto name = std::make_shared<std::string>();
    CLI::App* remove = stack->add_subcommand("rm", "remove a stack and all its containers");
    remove->fallthrough();
    remove->add_option("stack", *name, "stack name")->required();
    remove->callback([&context, name] {
        context.set_action([&context, name] { return run_stack_remove(context, *name); });
    });
}

}  // namespace edge::ctl
