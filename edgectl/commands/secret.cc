// edgectl secret|config create NAME [FILE|-], ls, rm NAME: values kept by the hub, secrets
// sealed at rest (docs/compose-files.md). A value is read from the file, or from standard
// input with "-" or no file, and never printed.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "edgectl/commands.h"
#include "schema/base64.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct Kind {
    const char* name;  // "secret" or "config"
    const char* create;
    const char* list;
    const char* remove;
};

const Kind kSecret{"secret", ops::kSecretCreate, ops::kSecretList, ops::kSecretRemove};
const Kind kConfig{"config", ops::kConfigCreate, ops::kConfigList, ops::kConfigRemove};

Result<std::string> read_value(const std::string& file) {
    if (file.empty() || file == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error("cannot read " + file);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

int run_create(const CommandContext& context, const Kind& kind, const std::string& name,
               const std::string& file) {
    auto value = read_value(file);
    if (!value) return fail(value.error().message);
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(kind.create, {{"name", name}, {"data", base64_encode(*value)}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << "created " << kind.name << " " << name << "\n";
    }
    return kExitOk;
}

int run_list(const CommandContext& context, const Kind& kind) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(kind.list, nlohmann::json::object());
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
        return kExitOk;
    }
    std::cout << render_secrets_or_configs(*data, kind.name == std::string("secret"));
    return kExitOk;
}

int run_remove(const CommandContext& context, const Kind& kind, const std::string& name) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(kind.remove, {{"name", name}});
    if (!data) return fail(data.error().message);
    std::cout << "removed " << kind.name << " " << name << "\n";
    return kExitOk;
}

void add_family(CLI::App& app, CommandContext& context, const Kind& kind) {
    std::string what = std::string(kind.name) + "s";
    // `config` already holds `config render` (edgectl/config_render.cc): one command family.
    auto existing =
        app.get_subcommands([&](CLI::App* command) { return command->get_name() == kind.name; });
    CLI::App* family = nullptr;
    if (existing.empty()) {
        family = app.add_subcommand(kind.name, "create, list or remove " + what);
    } else {
        family = existing.front();
        family->description(family->get_description() + "; create, list or remove " + what);
    }
    family->require_subcommand(1);
    family->fallthrough();

    auto name = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    CLI::App* create = family->add_subcommand(
        "create", std::string("store a ") + kind.name + " in the hub, from FILE or standard input");
    create->fallthrough();
    create->add_option("name", *name, "name")->required();
    create->add_option("file", *file, "file to read, or - for standard input");
    create->callback([&context, &kind, name, file] {
        context.set_action(
            [&context, &kind, name, file] { return run_create(context, kind, *name, *file); });
    });

    CLI::App* list = family->add_subcommand("ls", "list " + what + " and the services using them");
    list->fallthrough();
    list->callback([&context, &kind] {
        context.set_action([&context, &kind] { return run_list(context, kind); });
    });

    auto remove_name = std::make_shared<std::string>();
    CLI::App* remove = family->add_subcommand(
        "rm", std::string("remove a ") + kind.name + " that no service uses");
    remove->fallthrough();
    remove->add_option("name", *remove_name, "name")->required();
    remove->callback([&context, &kind, remove_name] {
        context.set_action(
            [&context, &kind, remove_name] { return run_remove(context, kind, *remove_name); });
    });
}

}  // namespace

std::string render_secrets_or_configs(const nlohmann::json& rows, bool secrets) {
    Table table({"NAME", secrets ? "VERSION" : "SHA256", "SERVICES"});
    if (rows.is_array()) {
        for (const auto& row : rows) {
            std::string services;
            if (row.contains("services") && row["services"].is_array()) {
                for (const auto& service : row["services"]) {
                    if (service.is_string()) {
                        services += (services.empty() ? "" : ",") + service.get<std::string>();
                    }
                }
            }
            std::string detail = secrets ? std::to_string(field_integer(row, "version"))
                                         : field_text(row, "hash").substr(0, 12);
            table.add_row({field_text(row, "name"), detail, services.empty() ? "-" : services});
        }
    }
    return table.render();
}

void add_secret_commands(CLI::App& app, CommandContext& context) {
    add_family(app, context, kSecret);
    add_family(app, context, kConfig);
}

}  // namespace edge::ctl
