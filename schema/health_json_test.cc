#include "schema/health_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

using nlohmann::json;

DesiredContainer container_with_checks() {
    DesiredContainer c;
    c.stack = "demo";
    c.service = "web";
    c.image = "edgeorch/busybox:latest";
    c.healthcheck = HealthCheck{.kind = HealthCheck::Kind::kCmdShell,
                                .command = {"test -f /tmp/ok"},
                                .interval_ms = 2000,
                                .timeout_ms = 1000,
                                .start_period_ms = 500,
                                .retries = 2};
    c.http_check = HttpCheck{.port = 8080, .path = "/health", .expect = 204};
    return c;
}

TEST(HealthJson, DesiredSetRoundTrips) {
    DesiredSet set{"pi-1", 3, {container_with_checks()}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

TEST(HealthJson, ContainersWithoutChecksKeepTheirHash) {
    DesiredContainer plain = container_with_checks();
    plain.healthcheck.reset();
    plain.http_check.reset();
    // The field is absent on the wire when unset, so hashes of existing specs do not change.
    EXPECT_EQ(encode_desired({"pi-1", 1, {plain}}).find("healthcheck"), std::string::npos);
    DesiredContainer with_http = plain;
    with_http.http_check = HttpCheck{.port = 80};
    EXPECT_EQ(spec_hash(plain), spec_hash(with_http))
        << "an agent-side check needs no new container";
    DesiredContainer with_check = plain;
    with_check.healthcheck = HealthCheck{.kind = HealthCheck::Kind::kCmd, .command = {"true"}};
    EXPECT_NE(spec_hash(plain), spec_hash(with_check));
}

json desired_with(const json& container_patch) {
    json container = {{"stack", "demo"},
                      {"service", "web"},
                      {"replica", 0},
                      {"image", "busybox"},
                      {"environment", json::object()},
                      {"ports", json::array()},
                      {"volumes", json::array()},
                      {"restart", "always"},
                      {"memory_limit", 64 * 1024 * 1024},
                      {"spec_hash", "abc"}};
    container.update(container_patch);
    return {{"v", 1}, {"node", "pi-1"}, {"generation", 1}, {"containers", {container}}};
}

TEST(HealthJson, RefusesBadChecks) {
    struct Case {
        json patch;
        const char* error;
    };
    std::vector<Case> cases = {
        {{{"healthcheck", {{"kind", "exec"}, {"command", {"x"}}}}}, "healthcheck.kind"},
        {{{"healthcheck", {{"kind", "cmd"}, {"command", json::array()}}}}, "healthcheck.command"},
        {{{"healthcheck", {{"kind", "cmd"}, {"command", {"x"}}, {"interval_ms", -1}}}},
         "interval_ms"},
        {{{"healthcheck", {{"kind", "cmd"}, {"command", {"x"}}, {"retries", "3"}}}}, "retries"},
        {{{"healthcheck", "CMD true"}}, "healthcheck"},
        {{{"http_check", {{"port", 0}, {"path", "/"}, {"expect", 200}}}}, "http_check.port"},
        {{{"http_check", {{"port", 80}, {"path", "health"}, {"expect", 200}}}}, "http_check.path"},
        {{{"http_check", {{"port", 80}, {"path", "/"}, {"expect", 99}}}}, "http_check.expect"},
    };
    for (const auto& c : cases) {
        auto decoded = decode_desired(desired_with(c.patch).dump());
        ASSERT_FALSE(decoded.ok()) << c.patch.dump();
        EXPECT_NE(decoded.error().message.find(c.error), std::string::npos)
            << decoded.error().message;
    }
}

TEST(HealthJson, ReportInsightRoundTripsAndIsChecked) {
    ObservedContainer c;
    c.id = "abc";
    c.stack = "demo";
    c.service = "web";
    c.state = "running";
    c.health = "unhealthy";
    c.health_restarts = 2;
    c.engine_restarts = 5;
    c.oom_kills = 3;
    c.oom_times_ms = {1000, 2000, 3000};
    c.memory_peak = 64 * 1024 * 1024;
    NodeReport report{"pi-1", 4, {c}, 1000};
    auto decoded = decode_report(encode_report(report));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, report);

    json bad = json::parse(encode_report(report));
    bad["containers"][0]["health"] = "sick";
    EXPECT_FALSE(decode_report(bad.dump()).ok());
    bad = json::parse(encode_report(report));
    bad["containers"][0]["oom_times_ms"] = json::array();
    for (int i = 0; i < 17; ++i) bad["containers"][0]["oom_times_ms"].push_back(i);
    EXPECT_FALSE(decode_report(bad.dump()).ok());
    bad = json::parse(encode_report(report));
    bad["containers"][0]["oom_kills"] = -1;
    EXPECT_FALSE(decode_report(bad.dump()).ok());
    bad = json::parse(encode_report(report));
    bad["containers"][0]["engine_restarts"] = "many";
    EXPECT_FALSE(decode_report(bad.dump()).ok());
}

}  // namespace
}  // namespace edge
