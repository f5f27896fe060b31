// Compose networking keys: expose, depends_on, networks; what is honoured, what is warned
// about by name, and every bad input with its file, line and key.
#include "compose/fields/networking_fields.h"

#include <gtest/gtest.h>

#include "compose/compose_parser.h"
#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::parse_ok;
using compose_test::web_with;
using Words = std::vector<std::string>;

const char* kCloud = R"(services:
  app:
    image: nextcloud
    depends_on:
      db: {condition: service_healthy}
      redis:
    networks:
      front:
        aliases: [nextcloud, cloud]
      back:
  db:
    image: mariadb
    expose: ["3306", 33060/tcp]
    networks: [back]
  redis:
    image: redis
    expose: [6379]
    depends_on: [db]
networks:
  front:
    driver: overlay
  back:
    external: true
)";

TEST(ComposeNetworking, ExposeDependsOnAndAliasesAreRead) {
    ParsedStack parsed = parse_ok(kCloud);
    ASSERT_EQ(parsed.stack.services.size(), 3u);
    const ServiceSpec& app = parsed.stack.services[0];
    EXPECT_EQ(app.depends_on, (Words{"db", "redis"}));
    EXPECT_EQ(app.network_aliases, (Words{"nextcloud", "cloud"}));
    const ServiceSpec& db = parsed.stack.services[1];
    EXPECT_EQ(db.expose, (std::vector<PortMapping>{{3306, 0, "tcp", ""}, {33060, 0, "tcp", ""}}));
    EXPECT_EQ(parsed.stack.services[2].expose, (std::vector<PortMapping>{{6379, 0, "tcp", ""}}));
    EXPECT_EQ(parsed.stack.services[2].depends_on, Words{"db"});
}

TEST(ComposeNetworking, WhatOneNodeCannotHonourIsWarnedAboutByName) {
    ParsedStack parsed = parse_ok(kCloud);
    Words expected{
        "compose.yaml:2: services.app: no memory limit: the hub's --default-memory applies (auto: "
        "learned from use; fixed: 256 MiB)",
        "compose.yaml:5: services.app.depends_on.db.condition: service_healthy is not waited "
        "for: depends_on only orders first starts on one node",
        "compose.yaml:11: services.db: no memory limit: the hub's --default-memory applies (auto: "
        "learned from use; fixed: 256 MiB)",
        "compose.yaml:15: services.redis: no memory limit: the hub's --default-memory applies "
        "(auto: learned from use; fixed: 256 MiB)",
        "compose.yaml:19: networks: services are not isolated from each other: every service "
        "of a stack joins one network per node, whichever of these networks it lists",
        "compose.yaml:21: networks.front.driver: overlay is not used: each node runs the stack "
        "on a bridge network, and services on other nodes are reached at their node's address",
        "compose.yaml:23: networks.back.external: not supported, ignored: the stack's services "
        "join the stack's own network",
    };
    Words got = parsed.warnings;
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected);
}

TEST(ComposeNetworking, StaticAddressesAreWarnedAbout) {
    ParsedStack parsed = parse_ok(
        "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n    networks:\n"
        "      default:\n        ipv4_address: 172.30.0.5\n");
    EXPECT_EQ(parsed.warnings,
              Words{"compose.yaml:7: services.web.networks.default.ipv4_address: not supported, "
                    "ignored: the stack's network on each node assigns addresses"});
}

TEST(ComposeNetworking, BadExposeIsRefused) {
    EXPECT_EQ(error_of(web_with("    expose: [\"80-90\"]\n")),
              "compose.yaml:4: services.web.expose[0]: expected a container port such as 3306 "
              "or 53/udp, got \"80-90\"");
    EXPECT_EQ(error_of(web_with("    expose: [70000]\n")),
              "compose.yaml:4: services.web.expose[0]: expected a container port such as 3306 "
              "or 53/udp, got \"70000\"");
    EXPECT_EQ(error_of(web_with("    expose: [\"53/sctp\"]\n")),
              "compose.yaml:4: services.web.expose[0]: expected a container port such as 3306 "
              "or 53/udp, got \"53/sctp\"");
    EXPECT_EQ(error_of(web_with("    expose: 80\n")).substr(0, 37),
              "compose.yaml:4: services.web.expose: ");
}

TEST(ComposeNetworking, BadDependsOnIsRefused) {
    EXPECT_EQ(error_of(web_with("    depends_on: [cache]\n")),
              "compose.yaml:4: services.web.depends_on: \"cache\" is not a service of this file");
    EXPECT_EQ(error_of(web_with("    depends_on: [\"Bad Name\"]\n")).substr(0, 44),
              "compose.yaml:4: services.web.depends_on[0]: ");
    EXPECT_EQ(error_of(web_with("    depends_on: db\n")).substr(0, 41),
              "compose.yaml:4: services.web.depends_on: ");
    EXPECT_EQ(error_of("services:\n  a:\n    image: x\n    depends_on: [b]\n"
                       "  b:\n    image: x\n    depends_on: [a]\n"),
              "compose.yaml:4: services.a.depends_on: dependency cycle a -> b -> a");
    EXPECT_EQ(error_of(web_with("    depends_on: [web]\n")),
              "compose.yaml:4: services.web.depends_on: dependency cycle web -> web");
}

TEST(ComposeNetworking, UndeclaredNetworkIsRefused) {
    EXPECT_EQ(error_of(web_with("    networks: [back]\n")),
              "compose.yaml:4: services.web.networks[0]: network \"back\" is not declared "
              "under the top-level networks:");
    EXPECT_EQ(error_of(web_with("    networks:\n      back: {}\nnetworks:\n  front:\n")),
              "compose.yaml:5: services.web.networks.back: network \"back\" is not declared "
              "under the top-level networks:");
    EXPECT_EQ(error_of(web_with("    networks: {default: {aliases: [\"a b\"]}}\n")).substr(0, 58),
              "compose.yaml:4: services.web.networks.default.aliases[0]: ");
    EXPECT_EQ(error_of(web_with("    networks: front\n")).substr(0, 39),
              "compose.yaml:4: services.web.networks: ");
}

TEST(ComposeNetworking, DefaultNetworkNeedsNoDeclaration) {
    ParsedStack parsed = parse_ok(web_with("    mem_limit: 64m\n    networks: [default]\n"));
    EXPECT_TRUE(parsed.warnings.empty());
}

}  // namespace
}  // namespace edge
