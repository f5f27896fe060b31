#include "core/reconcile/health.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(ComposeDuration, ReadsComposeForms) {
    EXPECT_EQ(*parse_compose_duration("30s"), 30000);
    EXPECT_EQ(*parse_compose_duration("1m30s"), 90000);
    EXPECT_EQ(*parse_compose_duration("1h"), 3600000);
    EXPECT_EQ(*parse_compose_duration("500ms"), 500);
    EXPECT_EQ(*parse_compose_duration("1.5s"), 1500);
    EXPECT_EQ(*parse_compose_duration("2500us"), 2);
    EXPECT_EQ(*parse_compose_duration("0"), 0);
    EXPECT_EQ(*parse_compose_duration("0s"), 0);
}

TEST(ComposeDuration, RefusesMalformedText) {
    for (const char* bad : {"", "s", "10", "10x", "1..5s", "-5s", "ten seconds", "5s ", "1m30"}) {
        auto parsed = parse_compose_duration(bad);
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_NE(parsed.error().message.find("a duration such as 30s"), std::string::npos);
    }
    EXPECT_NE(parse_compose_duration("10x").error().message.find("unknown unit \"x\""),
              std::string::npos);
    EXPECT_NE(parse_compose_duration("9999h").error().message.find("longer than a week"),
              std::string::npos);
}

TEST(ComposeDuration, FormatsWhatItReads) {
    for (int64_t ms : {0LL, 500LL, 30000LL, 90000LL, 3600000LL, 3723004LL}) {
        EXPECT_EQ(*parse_compose_duration(format_compose_duration(ms)), ms) << ms;
    }
    EXPECT_EQ(format_compose_duration(90000), "1m30s");
}

TEST(HealthCheck, EngineTestArrays) {
    HealthCheck none{.kind = HealthCheck::Kind::kNone};
    EXPECT_EQ(none.engine_test(), std::vector<std::string>{"NONE"});
    HealthCheck cmd{.kind = HealthCheck::Kind::kCmd, .command = {"test", "-f", "/ok"}};
    EXPECT_EQ(cmd.engine_test(), (std::vector<std::string>{"CMD", "test", "-f", "/ok"}));
    HealthCheck shell{.kind = HealthCheck::Kind::kCmdShell, .command = {"curl -f localhost"}};
    EXPECT_EQ(shell.engine_test(), (std::vector<std::string>{"CMD-SHELL", "curl -f localhost"}));
}

}  // namespace
}  // namespace edge
