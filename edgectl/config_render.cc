// edgectl config render: the compose file as edgeorch reads it, fully interpolated and
// normalised (like `docker compose config`), printed without contacting the hub. YAML by
// default, JSON with `-o json`; warnings on stderr; every error, and exit code 2, on failure.
#include <iostream>

#include "edgectl/commands.h"
#include "edgectl/commands/compose_source.h"
#include "edgectl/yaml_output.h"

namespace edge::ctl {

namespace {

int run_render(const CommandContext& context, const ComposeSource& source) {
    std::vector<std::string> warnings;
    auto parsed = load_compose_source(source, warnings);
    for (const auto& warning : warnings) std::cerr << "warning: " << warning << '\n';
    if (!parsed) {
        std::cerr << parsed.error().message << std::endl;
        return kExitUsage;
    }
    nlohmann::json stack = stack_to_json(parsed->stack);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, stack);
    } else {
        std::cout << json_as_yaml(stack);
    }
    std::cout.flush();
    return kExitOk;
}

}  // namespace

void add_config_commands(CLI::App& app, CommandContext& context) {
    CLI::App* config = app.add_subcommand("config", "inspect compose files without a hub");
    config->require_subcommand(1);
    auto source = std::make_shared<ComposeSource>();
    CLI::App* render = config->add_subcommand(
        "render", "print the stack a compose file describes, interpolated and normalised");
    add_compose_source_options(*render, *source, false);
    render->callback([&context, source] {
        context.set_action([&context, source] { return run_render(context, *source); });
    });
}

}  // namespace edge::ctl
