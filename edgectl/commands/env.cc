// edgectl env create|ls|rm: the hub's environments (docs/environments.md).
#include <iostream>

#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct EnvCreateArgs {
    std::string name;
    std::vector<std::string> constraints;
};

int run_env_request(const CommandContext& context, const std::string& op, nlohmann::json args,
                    const std::string& done) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(op, std::move(args));
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else if (op == ops::kEnvList) {
        std::cout << render_environments(*data);
    } else {
        std::cout << done << "\n";
    }
    return kExitOk;
}

}  // namespace

std::string render_environments(const nlohmann::json& rows) {
    Table table({"NAME", "STACKS", "REPLICAS", "RESERVED", "CONSTRAINTS"});
    if (!rows.is_array()) return table.render();
    for (const auto& row : rows) {
        std::vector<std::string> stacks;
        std::vector<std::string> constraints;
        for (const auto& stack : row.value("stacks", nlohmann::json::array())) {
            if (stack.is_string()) stacks.push_back(stack.get<std::string>());
        }
        for (const auto& constraint : row.value("constraints", nlohmann::json::array())) {
            if (constraint.is_string()) constraints.push_back(constraint.get<std::string>());
        }
        auto joined = [](const std::vector<std::string>& items) {
            std::string text;
            for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
            return text.empty() ? std::string("-") : text;
        };
        table.add_row({field_text(row, "name"), joined(stacks),
                       std::to_string(field_integer(row, "placed")) + "/" +
                           std::to_string(field_integer(row, "desired")),
                       memory_cell(field_integer(row, "memory_reserved")), joined(constraints)});
    }
    return table.render();
}

void add_env_commands(CLI::App& app, CommandContext& context) {
    CLI::App* env = app.add_subcommand("env", "create, list or remove environments");
    env->require_subcommand(1);
    env->fallthrough();

    auto create_args = std::make_shared<EnvCreateArgs>();
    CLI::App* create = env->add_subcommand("create", "create an environment");
    create->fallthrough();
    create->add_option("name", create_args->name, "environment name")->required();
    create->add_option("--constraint", create_args->constraints,
                       "placement constraint for every service of its stacks, e.g. "
                       "node.labels.env==prod (repeatable)");
    create->callback([&context, create_args] {
        context.set_action([&context, create_args] {
            return run_env_request(
                context, ops::kEnvCreate,
                {{"environment", create_args->name}, {"constraints", create_args->constraints}},
                "created environment " + create_args->name);
        });
    });

    CLI::App* list = env->add_subcommand(
        "ls", "list environments: stacks, replicas placed/desired, memory reserved");
    list->fallthrough();
    list->callback([&context] {
        context.set_action([&context] {
            return run_env_request(context, ops::kEnvList, nlohmann::json::object(), "");
        });
    });

    auto name = std::make_shared<std::string>();
    CLI::App* remove =
        env->add_subcommand("rm", "remove an environment (refused while it has stacks)");
    remove->fallthrough();
    remove->add_option("name", *name, "environment name")->required();
    remove->callback([&context, name] {
        context.set_action([&context, name] {
            return run_env_request(context, ops::kEnvRemove, {{"environment", *name}},
                                   "removed environment " + *name);
        });
    });
}

}  // namespace edge::ctl
