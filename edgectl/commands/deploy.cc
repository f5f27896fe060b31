// edgectl deploy: parse a compose file locally, send the stack to the hub, show where each
// replica landed and why any replica could not be placed. With --dry-run the hub only plans:
// it answers with where each replica would go and changes nothing.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "compose/compose_parser.h"
#include "compose/shipping/deploy_arguments.h"
#include "core/environments.h"
#include "core/memory/memsize.h"
#include "edgectl/commands.h"
#include "edgectl/commands/compose_source.h"
#include "edgectl/connection.h"
#include "edgectl/deploy_progress.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct DeployOptions {
    ComposeSource source;
    bool dry_run = false;
    bool allow_pending = false;
    bool detach = false;
    int wait_seconds = 300;
    std::string max_shipped_size = "1MiB";
};

// Polls the hub until every placed replica of the stack runs its current spec (and is healthy,
// when it has a check), printing a line per service: rewritten in place on a terminal, and
// repeated only when it changes otherwise, so logs stay short.
int watch_rollout(HubConnection& hub, const StackSpec& stack, int wait_seconds) {
    const bool tty = ::isatty(STDOUT_FILENO) != 0;
    size_t width = 0;
    for (const auto& service : stack.services) width = std::max(width, service.name.size());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
    std::vector<std::string> shown;
    for (;;) {
        std::vector<std::string> lines;
        std::vector<std::string> failures;
        bool converged = true;
        auto service_rows = hub.request(ops::kServiceList, {{"stack", stack.name}});
        if (!service_rows) return fail(service_rows.error().message);
        for (const auto& service : stack.services) {
            auto rows =
                hub.request(ops::kServicePs, {{"service", stack.name + "/" + service.name}});
            if (!rows) return fail(rows.error().message);
            nlohmann::json service_row = nullptr;
            for (const auto& candidate : *service_rows) {
                if (field_text(candidate, "service") == service.name) service_row = candidate;
            }
            ServiceProgress progress = summarize_progress(*rows, service_row);
            converged = converged && progress.converged();
            if (progress.failed()) {
                failures.push_back(service.name + ": rollout " + progress.rollout_phase + ": " +
                                   progress.rollout_message);
            }
            lines.push_back(progress_line(service.name, progress, width));
        }
        if (tty) {
            // Move up over the lines printed last time and write over them.
            if (!shown.empty()) std::cout << "\x1b[" << shown.size() << "A";
            for (const auto& line : lines) std::cout << "\r\x1b[2K" << line << '\n';
        } else {
            for (size_t i = 0; i < lines.size(); ++i) {
                if (shown.size() != lines.size() || shown[i] != lines[i])
                    std::cout << lines[i] << '\n';
            }
        }
        std::cout.flush();
        shown = lines;
        if (!failures.empty()) {
            std::string text;
            for (const auto& failure : failures) text += (text.empty() ? "" : "; ") + failure;
            return fail(text + " (see edgectl events)");
        }
        if (converged) {
            std::cout << "stack " << stack.name << " converged\n";
            return kExitOk;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail("stack " + stack.name + " did not converge within " +
                        std::to_string(wait_seconds) +
                        " s; see edgectl service ps and edgectl events");
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

int run_deploy(const CommandContext& context, const DeployOptions& options) {
    // Parse before connecting: a broken file is the user's to fix and needs no hub.
    std::vector<std::string> warnings;
    auto parsed = load_compose_source(options.source, warnings);
    for (const auto& warning : warnings) std::cerr << "warning: " << warning << '\n';
    if (!parsed) {
        std::cerr << parsed.error().message << std::endl;
        return kExitUsage;
    }
    auto max_size = parse_memory_size(options.max_shipped_size);
    if (!max_size) return fail("--max-shipped-size: " + max_size.error().message, kExitUsage);
    auto connection = context.connection_options();
    if (!connection) return fail(connection.error().message);
    // Secrets the stack defines are named for it in its environment, so preprod's never
    // replaces prod's.
    const std::string environment =
        connection->environment.empty() ? kDefaultEnvironment : connection->environment;
    const char* home = std::getenv("HOME");
    DeployShipping shipping{
        {options.source.file, home == nullptr ? "" : home, *max_size, nullptr},
        environment,
        [](const char* name) { return static_cast<const char*>(std::getenv(name)); }};
    warnings.clear();
    auto args = deploy_arguments(*parsed, shipping, warnings);
    for (const auto& warning : warnings) std::cerr << "warning: " << warning << '\n';
    if (!args) {
        std::cerr << args.error().message << std::endl;
        return kExitUsage;
    }

    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    if (options.dry_run) (*args)["dry_run"] = true;
    auto data = (*hub)->request(ops::kDeploy, *args);
    if (!data) return fail(data.error().message);

    nlohmann::json replicas = nlohmann::json::array();
    if (data->is_object() && data->contains("replicas")) replicas = (*data)["replicas"];
    // A large stack's answer lists only some rows (pending ones first) and counts them all.
    size_t pending = static_cast<size_t>(
        field_integer(*data, "pending_count", static_cast<int64_t>(count_pending(replicas))));
    size_t total = static_cast<size_t>(
        field_integer(*data, "replica_count", static_cast<int64_t>(replicas.size())));
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << (options.dry_run ? "dry run, nothing changed: stack " : "stack ")
                  << field_text(*data, "stack", parsed->stack.name) << ": " << total
                  << " replica(s), " << pending << " pending\n";
        if (!replicas.empty()) std::cout << render_replicas(replicas);
        if (replicas.size() < total) {
            std::cout << "(" << replicas.size() << " of " << total
                      << " listed; edgectl service ps STACK/SERVICE lists them all)\n";
        }
        auto changes = data->find("changes");
        if (options.dry_run && changes != data->end() && changes->is_array()) {
            std::cout << "changes:\n";
            for (const auto& line : *changes) {
                if (line.is_string()) std::cout << "  " << line.get<std::string>() << "\n";
            }
        }
    }
    std::cout.flush();
    if (pending > 0) {
        std::cerr << render_pending(replicas);
        if (!options.allow_pending) {
            return fail(std::to_string(pending) +
                        " replica(s) could not be placed (use --allow-pending to accept that)");
        }
    }
    // Scripts that ask for JSON get the placement at once, as with --detach.
    if (options.dry_run || options.detach || context.format() == OutputFormat::kJson) {
        return kExitOk;
    }
    return watch_rollout(**hub, parsed->stack, options.wait_seconds);
}

}  // namespace

void add_deploy_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DeployOptions>();
    CLI::App* deploy = app.add_subcommand("deploy", "deploy or update a stack from a compose file");
    add_compose_source_options(*deploy, options->source);
    deploy->add_flag("--dry-run", options->dry_run,
                     "show where the hub would place each replica, and why any would be "
                     "pending, without changing anything");
    deploy->add_flag("--allow-pending", options->allow_pending,
                     "exit 0 even when some replicas cannot be placed yet");
    deploy->add_flag("--detach", options->detach,
                     "return once the hub has the stack, without waiting for the agents");
    deploy
        ->add_option("--wait", options->wait_seconds,
                     "seconds to wait for every placed replica to run the new spec")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    deploy
        ->add_option("--max-shipped-size", options->max_shipped_size,
                     "most bytes of files beside the compose file that the stack may ship")
        ->capture_default_str();
    deploy->callback([&context, options] {
        context.set_action([&context, options] { return run_deploy(context, *options); });
    });
}

}  // namespace edge::ctl
