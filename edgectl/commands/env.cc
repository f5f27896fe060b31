// edgectl env create|set|ls|rm: the hub's environments and their defaults
// (docs/environments.md).
#include <iostream>
#include <optional>

#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct EnvCreateArgs {
    std::string name;
    std::vector<std::string> constraints;
    std::optional<double> memory_factor;
    std::vector<std::string> webhooks;
    bool no_webhooks = false;  // env set: remove them
};

// The defaults create and set send; a default left out is not changed.
nlohmann::json defaults_args(const EnvCreateArgs& args) {
    nlohmann::json json = {{"environment", args.name}};
    if (args.memory_factor) json["memory_factor"] = *args.memory_factor;
    if (!args.webhooks.empty()) json["webhooks"] = args.webhooks;
    if (args.no_webhooks) json["webhooks"] = nlohmann::json::array();
    return json;
}

void add_defaults_options(CLI::App* command, EnvCreateArgs& args) {
    command->add_option("--memory-factor", args.memory_factor,
                        "multiply the memory limits of its services at deploy, e.g. 0.5");
    command->add_option("--webhook", args.webhooks,
                        "post its events to a webhook: \"FORMAT URL [events=KIND,...]\" as "
                        "edge-hub --webhook (repeatable; stored sealed)");
}

int run_env_request(const CommandContext& context, const std::string& op, nlohmann::json args,
                    const std::string& done) {
    auto data = context.request(op, std::move(args));
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
    Table table({"NAME", "STACKS", "REPLICAS", "RESERVED", "MEMORY", "CONSTRAINTS", "WEBHOOKS"});
    if (!rows.is_array()) return table.render();
    for (const auto& row : rows) {
        std::vector<std::string> stacks;
        std::vector<std::string> constraints;
        std::vector<std::string> webhooks;
        for (const auto& webhook : row.value("webhooks", nlohmann::json::array())) {
            if (webhook.is_string()) webhooks.push_back(webhook.get<std::string>());
        }
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
                       memory_cell(field_integer(row, "memory_reserved")),
                       "x" + field_text(row, "memory_factor", "1"), joined(constraints),
                       joined(webhooks)});
    }
    return table.render();
}

void add_env_commands(CLI::App& app, CommandContext& context) {
    CLI::App* env = app.add_subcommand(
        "env", "create, list or remove environments, and grant identities limited to one");
    env->require_subcommand(1);
    env->fallthrough();

    auto create_args = std::make_shared<EnvCreateArgs>();
    CLI::App* create = env->add_subcommand("create", "create an environment");
    create->fallthrough();
    create->add_option("name", create_args->name, "environment name")->required();
    create->add_option("--constraint", create_args->constraints,
                       "placement constraint for every service of its stacks, e.g. "
                       "node.labels.env==prod (repeatable)");
    add_defaults_options(create, *create_args);
    create->callback([&context, create_args] {
        context.set_action([&context, create_args] {
            nlohmann::json args = defaults_args(*create_args);
            args["constraints"] = create_args->constraints;
            return run_env_request(context, ops::kEnvCreate, std::move(args),
                                   "created environment " + create_args->name);
        });
    });

    auto set_args = std::make_shared<EnvCreateArgs>();
    CLI::App* set = env->add_subcommand(
        "set",
        "change an environment's defaults (memory factor, webhooks); the next deploy "
        "of each stack takes a new factor");
    set->fallthrough();
    set->add_option("name", set_args->name, "environment name")->required();
    add_defaults_options(set, *set_args);
    set->add_flag("--no-webhooks", set_args->no_webhooks, "remove its webhooks");
    set->callback([&context, set_args] {
        context.set_action([&context, set_args] {
            return run_env_request(context, ops::kEnvSet, defaults_args(*set_args),
                                   "changed environment " + set_args->name);
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

    add_env_access_commands(*env, context);

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
