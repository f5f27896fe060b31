// Command-line parsing and the exit codes of errors found before any connection is made.
#include "edgectl/cli.h"
#include "edgectl/cli_test_run.h"

#include <gtest/gtest.h>

#include <vector>

namespace edge::ctl {
namespace {

using testing::run_edgectl;

TEST(Cli, UnknownCommandsAndMissingArgumentsAreUsageErrors) {
    EXPECT_EQ(run_edgectl({}), kExitUsage);
    EXPECT_EQ(run_edgectl({"frobnicate"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"deploy", "--stack", "demo"}), kExitUsage);  // no -f
    EXPECT_EQ(run_edgectl({"service", "ps"}), kExitUsage);              // no SERVICE
    EXPECT_EQ(run_edgectl({"stack"}), kExitUsage);                      // no ls / rm
    EXPECT_EQ(run_edgectl({"-o", "yaml", "node", "ls"}), kExitUsage);
}

TEST(Cli, MalformedLabelsFailBeforeConnecting) {
    EXPECT_EQ(run_edgectl({"node", "label", "pi-1", "disk"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"node", "label", "pi-1", "disk=ssd", "disk-"}), kExitUsage);
}

TEST(Cli, GlobalOptionsAreAcceptedAfterTheSubcommand) {
    // An invalid --timeout makes the command fail (exit 1) before it connects, which shows
    // that -o and --timeout after the subcommand were parsed as global options (not exit 2).
    EXPECT_EQ(run_edgectl({"node", "ls", "-o", "json", "--timeout", "soon"}), kExitFailure);
    EXPECT_EQ(run_edgectl({"service", "ps", "web", "-o", "json", "--timeout", "0s"}), kExitFailure);
}

TEST(Cli, ConnectionOptionsComeFromFlagsThenEnvironment) {
    CommandContext context;
    // An empty config directory, so no context of the user's takes part.
    ::setenv("XDG_CONFIG_HOME", "/nonexistent/edgectl-cli-test", 1);
    ::setenv("EDGE_BROKER", "mqtt://hub.home.arpa:1883", 1);
    auto options = context.connection_options();
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->broker_url, "mqtt://hub.home.arpa:1883");
    EXPECT_EQ(options->timeout, std::chrono::milliseconds(10000));
    context.globals.broker = "mqtt://127.0.0.1:1999";
    context.globals.timeout = "1m";
    options = context.connection_options();
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->broker_url, "mqtt://127.0.0.1:1999");
    EXPECT_EQ(options->timeout, std::chrono::milliseconds(60000));
    ::unsetenv("EDGE_BROKER");
    context.globals.broker.clear();
    EXPECT_EQ(context.connection_options()->broker_url, kDefaultBrokerUrl);
    ::unsetenv("XDG_CONFIG_HOME");
}

TEST(Cli, AnIdentityLimitedToAnEnvironmentActsThereByDefault) {
    CommandContext context;
    ::setenv("XDG_CONFIG_HOME", "/nonexistent/edgectl-cli-test", 1);
    context.globals.username = "env:preprod:ci";
    auto options = context.connection_options();
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->scoped_identity, "env:preprod:ci");
    EXPECT_EQ(options->environment, "preprod");
    // --env another: asked there, where the broker refuses this identity.
    context.globals.environment = "prod";
    EXPECT_EQ(context.connection_options()->environment, "prod");
    context.globals.username = "edgectl";
    context.globals.environment.clear();
    options = context.connection_options();
    EXPECT_EQ(options->scoped_identity, "");
    EXPECT_EQ(options->environment, "");
    ::unsetenv("XDG_CONFIG_HOME");
}

}  // namespace
}  // namespace edge::ctl
