// edgectl deploy: parse a compose file locally, send the stack to the hub, show where each
// replica landed and why any replica could not be placed.
#include <iostream>

#include "compose/compose_parser.h"
#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct DeployOptions {
    std::string file;
    std::string stack;
    bool allow_pending = false;
};

int run_deploy(const CommandContext& context, const DeployOptions& options) {
    // Parse before connecting: a broken file is the user's to fix and needs no hub.
    auto parsed = parse_compose_file(options.file, options.stack);
    if (!parsed) {
        std::cerr << parsed.error().message << std::endl;
        return kExitUsage;
    }
    for (const auto& warning : parsed->warnings) std::cerr << "warning: " << warning << '\n';

    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kDeploy, {{"stack", stack_to_json(parsed->stack)}});
    if (!data) return fail(data.error().message);

    nlohmann::json replicas = nlohmann::json::array();
    if (data->is_object() && data->contains("replicas")) replicas = (*data)["replicas"];
    size_t pending = count_pending(replicas);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << "stack " << field_text(*data, "stack", options.stack) << ": "
                  << replicas.size() << " replica(s), " << pending << " pending\n";
        if (!replicas.empty()) std::cout << render_replicas(replicas);
    }
    std::cout.flush();
    if (pending == 0) return kExitOk;
    std::cerr << render_pending(replicas);
    if (options.allow_pending) return kExitOk;
    return fail(std::to_string(pending) +
                " replica(s) could not be placed (use --allow-pending to accept that)");
}

}  // namespace

void add_deploy_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DeployOptions>();
    CLI::App* deploy = app.add_subcommand("deploy", "deploy or update a stack from a compose file");
    deploy->add_option("-f,--file", options->file, "compose file")->required();
    deploy->add_option("--stack", options->stack, "stack name")->required();
    deploy->add_flag("--allow-pending", options->allow_pending,
                     "exit 0 even when some replicas cannot be placed yet");
    deploy->callback([&context, options] {
        context.set_action([&context, options] { return run_deploy(context, *options); });
    });
}

}  // namespace edge::ctl
