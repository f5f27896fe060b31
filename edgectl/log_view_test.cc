#include "edgectl/log_view.h"

#include <gtest/gtest.h>

namespace edge::ctl {
namespace {

TEST(LogViewTest, RequestArgsCarryTailSinceAndFollow) {
    LogsOptions options{"demo/web", true, 20, "10m"};
    auto args = logs_request_args(options, "0123456789abcdef", 1'700'000'600'000);
    ASSERT_TRUE(args.ok()) << args.error().message;
    EXPECT_EQ((*args)["service"], "demo/web");
    EXPECT_EQ((*args)["session"], "0123456789abcdef");
    EXPECT_EQ((*args)["follow"], true);
    EXPECT_EQ((*args)["tail"], 20);
    EXPECT_EQ((*args)["since_ms"], 1'700'000'000'000);

    auto plain = logs_request_args({"web", false, -1, ""}, "0123456789abcdef", 5);
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->contains("tail"));
    EXPECT_FALSE(plain->contains("since_ms"));
}

TEST(LogViewTest, BadSinceAndTailAreUsageErrors) {
    auto since = logs_request_args({"web", false, -1, "ten minutes"}, "0123456789abcdef", 0);
    ASSERT_FALSE(since.ok());
    EXPECT_NE(since.error().message.find("--since"), std::string::npos);
    EXPECT_FALSE(logs_request_args({"web", false, -1, "-5m"}, "0123456789abcdef", 0).ok());
    auto tail = logs_request_args({"web", false, kMaxLogTail + 1, ""}, "0123456789abcdef", 0);
    ASSERT_FALSE(tail.ok());
    EXPECT_NE(tail.error().message.find("--tail"), std::string::npos);
    // 2h and 30s are fine; a since before the epoch is clamped to it.
    EXPECT_TRUE(logs_request_args({"web", false, -1, "2h"}, "0123456789abcdef", 0).ok());
    EXPECT_EQ((*logs_request_args({"web", false, -1, "30s"}, "0123456789abcdef", 0))["since_ms"],
              0);
}

TEST(LogViewTest, SessionIdsAreValidAndFresh) {
    std::string a = new_log_session_id();
    std::string b = new_log_session_id();
    EXPECT_TRUE(validate_log_session(a).ok());
    EXPECT_NE(a, b);
}

TEST(LogViewTest, LinesArePrefixedWithReplicaAndNode) {
    EXPECT_EQ(render_log_line("web", "pi1", {2, LogStream::kStdout, "GET / 200"}),
              "web.2@pi1 | GET / 200");
}

TEST(LogViewTest, ProgressNamesTheNodesStillAwaited) {
    LogProgress progress({"nuc", "pi1", "pi2"});
    progress.record({"s", "pi1", {}, false, ""});
    EXPECT_EQ(progress.waiting_for(), "nuc, pi1, pi2");
    progress.record({"s", "pi1", {}, true, ""});
    progress.record({"s", "nuc", {}, true, "no container of web on nuc"});
    EXPECT_FALSE(progress.all_ended());
    EXPECT_EQ(progress.waiting_for(), "pi2");
    ASSERT_EQ(progress.errors().size(), 1u);
    EXPECT_EQ(progress.errors()[0], "nuc: no container of web on nuc");
    progress.record({"s", "pi2", {}, true, ""});
    EXPECT_TRUE(progress.all_ended());
}

}  // namespace
}  // namespace edge::ctl
