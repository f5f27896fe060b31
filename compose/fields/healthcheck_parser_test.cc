// services.<name>.healthcheck and x-edge.http-check: what parses, and the precise errors.
#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::only_service;

std::string with_healthcheck(const std::string& body) {
    return "services:\n  web:\n    image: busybox\n    mem_limit: 64m\n    healthcheck:\n" + body;
}

TEST(Healthcheck, CmdWithAllTimings) {
    ServiceSpec web = only_service(with_healthcheck(
        "      test: [\"CMD\", \"wget\", \"-q\", \"http://localhost/\"]\n"
        "      interval: 1m30s\n      timeout: 10s\n      retries: 5\n      start_period: 40s\n"));
    ASSERT_TRUE(web.healthcheck.has_value());
    EXPECT_EQ(web.healthcheck->kind, HealthCheck::Kind::kCmd);
    EXPECT_EQ(web.healthcheck->command,
              (std::vector<std::string>{"wget", "-q", "http://localhost/"}));
    EXPECT_EQ(web.healthcheck->interval_ms, 90000);
    EXPECT_EQ(web.healthcheck->timeout_ms, 10000);
    EXPECT_EQ(web.healthcheck->retries, 5);
    EXPECT_EQ(web.healthcheck->start_period_ms, 40000);
}

TEST(Healthcheck, StringAndCmdShellAreShellCommands) {
    ServiceSpec a = only_service(with_healthcheck("      test: test -f /tmp/ok\n"));
    ASSERT_TRUE(a.healthcheck.has_value());
    EXPECT_EQ(a.healthcheck->kind, HealthCheck::Kind::kCmdShell);
    EXPECT_EQ(a.healthcheck->command, std::vector<std::string>{"test -f /tmp/ok"});
    ServiceSpec b =
        only_service(with_healthcheck("      test: [\"CMD-SHELL\", \"test -f /tmp/ok\"]\n"));
    EXPECT_EQ(b.healthcheck, a.healthcheck);
}

// Immich's compose file writes this to keep its images' own checks.
TEST(Healthcheck, DisableFalseAloneKeepsTheImagesCheck) {
    ServiceSpec web = only_service(with_healthcheck("      disable: false\n"));
    EXPECT_FALSE(web.healthcheck.has_value());
}

TEST(Healthcheck, NoneAndDisableSwitchTheImagesCheckOff) {
    ServiceSpec none = only_service(with_healthcheck("      test: [\"NONE\"]\n"));
    ASSERT_TRUE(none.healthcheck.has_value());
    EXPECT_EQ(none.healthcheck->kind, HealthCheck::Kind::kNone);
    ServiceSpec disabled = only_service(with_healthcheck("      disable: true\n"));
    EXPECT_EQ(disabled.healthcheck, none.healthcheck);
}

TEST(Healthcheck, PreciseErrors) {
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"CMD\"]\n")),
              "compose.yaml:6: services.web.healthcheck.test: \"CMD\" needs a program to run "
              "after it");
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"RUN\", \"x\"]\n")),
              "compose.yaml:6: services.web.healthcheck.test: the first item must be CMD, "
              "CMD-SHELL or NONE, got \"RUN\"");
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"CMD-SHELL\", \"a\", \"b\"]\n")),
              "compose.yaml:6: services.web.healthcheck.test: \"CMD-SHELL\" takes exactly one "
              "command string after it");
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"NONE\", \"x\"]\n")),
              "compose.yaml:6: services.web.healthcheck.test: [\"NONE\"] takes no arguments");
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"CMD\", \"true\"]\n      interval: 10\n")),
              "compose.yaml:7: services.web.healthcheck.interval: expected a duration such as "
              "30s, 1m30s or 500ms, got \"10\" (a unit (h, m, s, ms, us) must follow 10)");
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"CMD\", \"true\"]\n      timeout: 5 sec\n")),
              "compose.yaml:7: services.web.healthcheck.timeout: expected a duration such as "
              "30s, 1m30s or 500ms, got \"5 sec\" (unknown unit \" sec\")");
    EXPECT_NE(error_of(with_healthcheck("      test: [\"CMD\", \"true\"]\n      retries: -1\n"))
                  .find("compose.yaml:7: services.web.healthcheck.retries:"),
              std::string::npos);
    EXPECT_NE(error_of(with_healthcheck("      interval: 5s\n"))
                  .find("services.web.healthcheck.test: missing"),
              std::string::npos);
    EXPECT_EQ(error_of(with_healthcheck("      test: [\"CMD\", \"true\"]\n      disable: true\n")),
              "compose.yaml:6: services.web.healthcheck.test: conflicts with disable: true; "
              "keep one of them");
}

std::string with_http_check(const std::string& body) {
    return "services:\n  web:\n    image: busybox\n    mem_limit: 64m\n    x-edge:\n"
           "      http-check:\n" +
           body;
}

TEST(HttpCheck, ParsesWithDefaults) {
    ServiceSpec web = only_service(with_http_check("        port: 8080\n"));
    ASSERT_TRUE(web.http_check.has_value());
    EXPECT_EQ(web.http_check->port, 8080);
    EXPECT_EQ(web.http_check->path, "/");
    EXPECT_EQ(web.http_check->expect, 200);
    ServiceSpec full = only_service(with_http_check(
        "        port: 80\n        path: /healthz\n        expect: 204\n        interval: 5s\n"));
    EXPECT_EQ(full.http_check->path, "/healthz");
    EXPECT_EQ(full.http_check->expect, 204);
    EXPECT_EQ(full.http_check->interval_ms, 5000);
}

TEST(HttpCheck, PreciseErrors) {
    EXPECT_NE(error_of(with_http_check("        path: /\n"))
                  .find("services.web.x-edge.http-check.port: missing"),
              std::string::npos);
    EXPECT_NE(error_of(with_http_check("        port: 70000\n"))
                  .find("compose.yaml:7: services.web.x-edge.http-check.port:"),
              std::string::npos);
    EXPECT_NE(error_of(with_http_check("        port: 80\n        path: health\n"))
                  .find("expected a path starting with /"),
              std::string::npos);
    EXPECT_NE(error_of(with_http_check("        port: 80\n        expect: 42\n"))
                  .find("services.web.x-edge.http-check.expect:"),
              std::string::npos);
    EXPECT_NE(error_of(with_http_check("        port: 80\n        interval: 10ms\n"))
                  .find("expected at least 100ms"),
              std::string::npos);
}

}  // namespace
}  // namespace edge
