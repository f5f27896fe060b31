#include "edgectl/cli.h"

#include <cstdlib>
#include <iostream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "core/environments.h"
#include "edgectl/args.h"
#include "edgectl/commands.h"
#include "edgectl/contexts_file.h"
#include "security/broker/access_topics.h"

namespace edge::ctl {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& globals) {
    app.add_option("--context", globals.context,
                   "use this context (default: $EDGE_CONTEXT, else the current context)");
    app.add_option("--broker", globals.broker,
                   "MQTT broker URL (default: $EDGE_BROKER, else the context's, else " +
                       std::string(kDefaultBrokerUrl) + ")");
    app.add_option("--prefix", globals.prefix, "MQTT topic prefix")->capture_default_str();
    app.add_option("--env", globals.environment,
                   "environment to deploy to, remove from or list, or in which to find the "
                   "service of logs and service ps|rollback|resize (default: default for deploy "
                   "and stack rm, every environment otherwise)");
    app.add_option("--timeout", globals.timeout,
                   "how long to wait for the broker and the hub, e.g. 10s")
        ->capture_default_str();
    app.add_option("-o,--output", globals.output, "output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    app.add_option("--username", globals.username, "broker username (default: $EDGE_USERNAME)");
    app.add_option("--password", globals.password, "broker password (default: $EDGE_PASSWORD)");
    app.add_flag("-v,--verbose", globals.verbose, "log the MQTT connection's progress on stderr");
}

// The bus logs through spdlog. Its messages go to stderr so they never mix with tables or
// JSON on stdout, and only with --verbose: edgectl reports failures itself, in one line.
void configure_logging(bool verbose) {
    auto logger = std::make_shared<spdlog::logger>(
        "edgectl", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_level(verbose ? spdlog::level::debug : spdlog::level::off);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace

Result<ConnectionOptions> CommandContext::connection_options() const {
    auto book_path = context_book_path(process_env);
    if (!book_path) return book_path.error();
    auto book = load_context_book(*book_path);
    if (!book) return book.error();
    ConnectionFlags flags{globals.context, globals.broker, globals.username, globals.password};
    auto resolved = resolve_connection(flags, process_env, *book, kDefaultBrokerUrl);
    if (!resolved) return resolved.error();
    ConnectionOptions options;
    options.broker_url = resolved->settings.broker;
    options.username = resolved->settings.username;
    options.password = resolved->settings.password;
    options.tls = {resolved->settings.tls_ca, resolved->settings.tls_cert,
                   resolved->settings.tls_key};
    options.prefix = globals.prefix;
    if (!globals.environment.empty()) {
        if (Status valid = validate_environment_name(globals.environment); !valid) {
            return make_error("--env: " + valid.error().message);
        }
        options.environment = globals.environment;
    }
    // An identity limited to an environment acts there unless --env names another (which its
    // broker identity may not write to, so the broker refuses it).
    if (std::string scope = environment_of_username(options.username); !scope.empty()) {
        options.scoped_identity = options.username;
        if (options.environment.empty()) options.environment = scope;
    }
    auto timeout = parse_duration(globals.timeout);
    if (!timeout) return make_error("--timeout: " + timeout.error().message);
    if (timeout->count() <= 0) return make_error("--timeout must be longer than zero");
    options.timeout = *timeout;
    return options;
}

Result<std::unique_ptr<HubConnection>> CommandContext::connect() const {
    auto options = connection_options();
    if (!options) return options.error();
    return HubConnection::open(*options);
}

Result<nlohmann::json> CommandContext::request(const std::string& op, nlohmann::json args,
                                               const std::string& topic) const {
    auto hub = connect();
    if (!hub) return hub.error();
    return (*hub)->request(op, std::move(args), topic);
}

int fail(const std::string& message, int exit_code) {
    std::cerr << "error: " << message << std::endl;
    return exit_code;
}

int run_cli(int argc, char** argv) {
    CLI::App app{"edgectl: deploy and inspect stacks on an edgeorch cluster", "edgectl"};
    // Options the subcommands do not know (like -o json after "service ps web") fall through
    // to the global ones, so they may be written anywhere on the line.
    app.fallthrough();
    app.require_subcommand(1);
    CommandContext context;
    add_global_options(app, context.globals);
    add_deploy_command(app, context);
    add_config_commands(app, context);
    add_stack_commands(app, context);
    add_service_commands(app, context);
    add_node_commands(app, context);
    add_secret_commands(app, context);
    add_events_command(app, context);
    add_logs_command(app, context);
    add_context_commands(app, context);
    add_env_commands(app, context);
    add_promote_command(app, context);
    add_token_commands(app, context);
    add_job_commands(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& success) {
        return app.exit(success);  // --help
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return kExitUsage;
    }
    if (!context.action()) return fail("no command given; see edgectl --help", kExitUsage);
    configure_logging(context.globals.verbose);
    return context.action()();
}

}  // namespace edge::ctl
