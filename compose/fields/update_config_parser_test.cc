// services.<name>.deploy.update_config and rollback_config: what parses, and the precise errors.
#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::only_service;

std::string with_deploy(const std::string& body) {
    return "services:\n  web:\n    image: busybox\n    mem_limit: 64m\n    deploy:\n" + body;
}

TEST(UpdateConfigParser, EveryField) {
    ServiceSpec web = only_service(
        with_deploy("      update_config:\n        parallelism: 2\n        delay: 10s\n"
                    "        order: start-first\n        failure_action: rollback\n"
                    "        monitor: 1m\n        max_failure_ratio: 0.25\n"));
    EXPECT_EQ(web.update.parallelism, 2);
    EXPECT_EQ(web.update.delay_ms, 10000);
    EXPECT_EQ(web.update.order, UpdateConfig::Order::kStartFirst);
    EXPECT_EQ(web.update.failure_action, UpdateConfig::FailureAction::kRollback);
    EXPECT_EQ(web.update.monitor_ms, 60000);
    EXPECT_DOUBLE_EQ(web.update.max_failure_ratio, 0.25);
    EXPECT_EQ(web.rollback, default_rollback_config());
}

TEST(UpdateConfigParser, DefaultsAreSwarmsForUpdatesAndAllAtOnceForRollbacks) {
    ServiceSpec web = only_service(with_deploy("      replicas: 2\n"));
    EXPECT_EQ(web.update.parallelism, 1);
    EXPECT_EQ(web.update.monitor_ms, 5000);
    EXPECT_EQ(web.update.failure_action, UpdateConfig::FailureAction::kPause);
    EXPECT_EQ(web.rollback.parallelism, 0);
}

TEST(UpdateConfigParser, RollbackConfigStartsFromItsOwnDefaults) {
    ServiceSpec web = only_service(with_deploy("      rollback_config:\n        monitor: 2s\n"));
    EXPECT_EQ(web.rollback.parallelism, 0);
    EXPECT_EQ(web.rollback.monitor_ms, 2000);
}

TEST(UpdateConfigParser, PreciseErrors) {
    EXPECT_EQ(error_of(with_deploy("      update_config:\n        parallelism: -1\n")),
              "compose.yaml:7: services.web.deploy.update_config.parallelism: expected an "
              "integer from 0 to 1000, got \"-1\"");
    EXPECT_EQ(error_of(with_deploy("      update_config:\n        delay: soon\n")),
              "compose.yaml:7: services.web.deploy.update_config.delay: expected a duration "
              "such as 30s, 1m30s or 500ms, got \"soon\" (a number must come first)");
    EXPECT_EQ(error_of(with_deploy("      update_config:\n        order: random\n")),
              "compose.yaml:7: services.web.deploy.update_config.order: expected stop-first or "
              "start-first, got \"random\"");
    EXPECT_EQ(error_of(with_deploy("      update_config:\n        failure_action: retry\n")),
              "compose.yaml:7: services.web.deploy.update_config.failure_action: expected "
              "pause, rollback or continue, got \"retry\"");
    EXPECT_EQ(error_of(with_deploy("      rollback_config:\n        failure_action: rollback\n")),
              "compose.yaml:7: services.web.deploy.rollback_config.failure_action: expected "
              "pause or continue, got \"rollback\"");
    EXPECT_EQ(error_of(with_deploy("      update_config:\n        max_failure_ratio: 2\n")),
              "compose.yaml:7: services.web.deploy.update_config.max_failure_ratio: expected a "
              "fraction from 0 to 1, such as 0.25, got \"2\"");
    EXPECT_EQ(error_of(with_deploy("      update_config: fast\n")),
              "compose.yaml:6: services.web.deploy.update_config: expected a map, got "
              "\"fast\"");
}

TEST(UpdateConfigParser, StartFirstWithHostPortsIsWarnedAboutWhereItIsAsked) {
    const std::string start_first =
        with_deploy("      update_config:\n        order: start-first\n");
    const std::string warning =
        "compose.yaml:6: services.web.deploy.update_config: order start-first needs a second "
        "container on this service's host ports (the published ones and those other nodes reach "
        "it on); replicas of this service are replaced stop-first";
    auto published = compose_test::parse_ok(start_first + "    ports: [\"8080:80\"]\n");
    EXPECT_EQ(published.warnings, std::vector<std::string>{warning});
    // An exposed port is bound on the node's address for other nodes: a host port too.
    auto exposed = compose_test::parse_ok(start_first + "    expose: [\"80\"]\n");
    EXPECT_EQ(exposed.warnings, std::vector<std::string>{warning});
    // Without ports, start-first stands.
    auto portless = compose_test::parse_ok(start_first);
    EXPECT_TRUE(portless.warnings.empty());
    EXPECT_EQ(portless.stack.services.at(0).update.order, UpdateConfig::Order::kStartFirst);
}

}  // namespace
}  // namespace edge
