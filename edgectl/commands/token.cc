// edgectl token create|ls|rm: tokens for the hub's HTTP API (docs/api.md). The token is shown
// once, by create; the hub keeps only its hash.
#include <iostream>

#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

int run_token_request(const CommandContext& context, const std::string& op, nlohmann::json args) {
    auto data = context.request(op, std::move(args));
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else if (op == ops::kTokenCreate) {
        std::cout << "token " << field_text(*data, "name")
                  << (field_bool(*data, "read_only") ? " (read-only)" : "")
                  << "; it is shown only now:\n"
                  << field_text(*data, "token") << "\n";
    } else if (op == ops::kTokenList) {
        Table table({"NAME", "ACCESS", "CREATED"});
        for (const auto& row : *data) {
            table.add_row({field_text(row, "name"),
                           field_bool(row, "read_only") ? "read-only" : "full",
                           time_cell(field_integer(row, "created_ms"))});
        }
        std::cout << table.render();
    } else {
        std::cout << "removed token " << field_text(*data, "name") << "\n";
    }
    return kExitOk;
}

}  // namespace

void add_token_commands(CLI::App& app, CommandContext& context) {
    CLI::App* token = app.add_subcommand("token", "tokens for the hub's HTTP API");
    token->require_subcommand(1);
    token->fallthrough();

    auto name = std::make_shared<std::string>();
    auto read_only = std::make_shared<bool>(false);
    CLI::App* create = token->add_subcommand("create", "make a token; it is shown once");
    create->fallthrough();
    create->add_option("--name", *name, "what the token is for, e.g. home-assistant")->required();
    create->add_flag("--read-only", *read_only, "it may list and read, never change anything");
    create->callback([&context, name, read_only] {
        context.set_action([&context, name, read_only] {
            return run_token_request(context, ops::kTokenCreate,
                                     {{"name", *name}, {"read_only", *read_only}});
        });
    });

    CLI::App* list = token->add_subcommand("ls", "list the tokens (never their values)");
    list->fallthrough();
    list->callback([&context] {
        context.set_action([&context] {
            return run_token_request(context, ops::kTokenList, nlohmann::json::object());
        });
    });

    auto removed = std::make_shared<std::string>();
    CLI::App* remove = token->add_subcommand("rm", "remove a token; it stops working at once");
    remove->fallthrough();
    remove->add_option("name", *removed, "the token's name")->required();
    remove->callback([&context, removed] {
        context.set_action([&context, removed] {
            return run_token_request(context, ops::kTokenRemove, {{"name", *removed}});
        });
    });
}

}  // namespace edge::ctl
