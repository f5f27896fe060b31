#include "schema/log_messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(LogMessagesTest, CommandsRoundTrip) {
    LogsCommand start{LogsOp::kStart, "session-1", "demo", "web", {1, 3}, 10,
                      1700000000,     true,        10000};
    auto decoded = decode_logs_command(encode_logs_command(start));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, start);
    LogsCommand stop;
    stop.op = LogsOp::kStop;
    stop.session = "session-1";
    auto stopped = decode_logs_command(encode_logs_command(stop));
    ASSERT_TRUE(stopped.ok()) << stopped.error().message;
    EXPECT_EQ(stopped->op, LogsOp::kStop);
}

TEST(LogMessagesTest, MalformedCommandsNameTheField) {
    auto error = [](const std::string& payload) {
        auto decoded = decode_logs_command(payload);
        return decoded.ok() ? std::string("decoded") : decoded.error().message;
    };
    EXPECT_NE(error("nope").find("JSON"), std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"explode","session":"session-1"})").find("op"),
              std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"stop","session":"../../#"})").find("session"),
              std::string::npos);
    EXPECT_NE(
        error(R"({"v":1,"op":"renew","session":"session-1","lease_ms":99999999})").find("lease_ms"),
        std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"start","session":"session-1","stack":"demo","service":"web",)"
                    R"("replicas":[],"lease_ms":5000})")
                  .find("replicas"),
              std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"start","session":"session-1","stack":"demo","service":"web",)"
                    R"("replicas":["1"],"lease_ms":5000})")
                  .find("replicas"),
              std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"start","session":"session-1","stack":"de/mo","service":"web",)"
                    R"("replicas":[1],"lease_ms":5000})")
                  .find("stack"),
              std::string::npos);
    EXPECT_NE(error(R"({"v":1,"op":"start","session":"session-1","stack":"demo","service":"web",)"
                    R"("replicas":[1],"tail":-7,"lease_ms":5000})")
                  .find("tail"),
              std::string::npos);
}

TEST(LogMessagesTest, BatchesRoundTripAndSurviveInvalidUtf8) {
    LogBatch batch{"session-1",
                   "pi1",
                   {{2, LogStream::kStderr, "oops"}, {2, LogStream::kStdout, "ok"}},
                   false,
                   ""};
    auto decoded = decode_log_batch(encode_log_batch(batch));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, batch);

    LogBatch binary{"session-1",
                    "pi1",
                    {{0, LogStream::kStdout, "bad \xff\xfe bytes"}},
                    true,
                    "engine said no"};
    auto replaced = decode_log_batch(encode_log_batch(binary));
    ASSERT_TRUE(replaced.ok()) << replaced.error().message;
    EXPECT_EQ(replaced->lines[0].text, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
    EXPECT_TRUE(replaced->end);
    EXPECT_EQ(replaced->error, "engine said no");
}

TEST(LogMessagesTest, MalformedBatchesAreErrors) {
    EXPECT_FALSE(decode_log_batch(R"({"v":1,"session":"session-1","node":"pi1"})").ok());
    EXPECT_FALSE(decode_log_batch(R"({"v":1,"session":"session-1","node":"pi1","lines":[)"
                                  R"({"replica":1,"stream":"tty","text":"x"}]})")
                     .ok());
    EXPECT_FALSE(decode_log_batch(R"({"v":2,"session":"session-1","node":"pi1","lines":[]})").ok());
    EXPECT_FALSE(decode_log_batch(std::string(300000, ' ')).ok());
}

TEST(LogMessagesTest, SessionIdsAreSafeTopicLevels) {
    EXPECT_TRUE(validate_log_session("0123456789abcdef").ok());
    EXPECT_TRUE(validate_log_session("my_session-1").ok());
    EXPECT_FALSE(validate_log_session("short").ok());
    EXPECT_FALSE(validate_log_session("has/slash-in-it").ok());
    EXPECT_FALSE(validate_log_session("wild+card#chars").ok());
    EXPECT_FALSE(validate_log_session(std::string(65, 'a')).ok());
}

TEST(LogMessagesTest, LongLinesAreCutWithoutSplittingACharacter) {
    EXPECT_EQ(cap_log_line("short"), "short");
    std::string line(kMaxLogLineBytes + 100, 'a');
    std::string capped = cap_log_line(line);
    EXPECT_EQ(capped.size(), kMaxLogLineBytes);
    EXPECT_EQ(capped.substr(capped.size() - 6), " [...]");
    // "é" is two bytes; put one across the cut.
    std::string accented(kMaxLogLineBytes - 7, 'a');
    accented += "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
    std::string cut = cap_log_line(accented);
    EXPECT_LE(cut.size(), kMaxLogLineBytes);
    EXPECT_EQ(cut.substr(cut.size() - 6), " [...]");
    EXPECT_NE(static_cast<unsigned char>(cut[cut.size() - 7]), 0xC3);
}

}  // namespace
}  // namespace edge
