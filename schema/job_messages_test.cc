#include "schema/job_messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

JobOutput sample() {
    JobOutput output;
    output.stack = "backup@preprod";
    output.service = "dump";
    output.replica = 2;
    output.job_run = 41;
    output.job_attempt = 3;
    output.exit_code = 1;
    output.oom_killed = true;
    output.output = "pg_dump: error: connection refused\n";
    return output;
}

std::string error_of(const std::string& payload) {
    auto decoded = decode_job_output(payload);
    return decoded.ok() ? std::string("decoded") : decoded.error().message;
}

TEST(JobMessagesTest, OutputRoundTrips) {
    auto decoded = decode_job_output(encode_job_output(sample()));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, sample());
}

TEST(JobMessagesTest, InvalidUtf8BecomesReplacementCharacters) {
    JobOutput output = sample();
    output.output = "ok\xff\xfe\n";
    auto decoded = decode_job_output(encode_job_output(output));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->output, "ok\xEF\xBF\xBD\xEF\xBF\xBD\n");
}

TEST(JobMessagesTest, MalformedOutputNamesTheField) {
    EXPECT_NE(error_of("not json").find("JSON"), std::string::npos);
    EXPECT_NE(error_of(R"({"v":1,"stack":"../x","service":"dump","replica":0,"job_run":1,)"
                       R"("job_attempt":1,"exit_code":0})")
                  .find("stack"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"v":1,"stack":"b","service":"dump","replica":0,"job_run":0,)"
                       R"("job_attempt":1,"exit_code":0})")
                  .find("job_run"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"v":1,"stack":"b","service":"dump","replica":0,"job_run":1,)"
                       R"("job_attempt":1,"exit_code":"zero"})")
                  .find("exit_code"),
              std::string::npos);
    std::string huge(7 * kMaxJobOutputBytes, 'x');
    EXPECT_NE(error_of(huge).find("too big"), std::string::npos);
}

TEST(JobMessagesTest, KeepsTheLastBytesFromALineStart) {
    bool truncated = true;
    EXPECT_EQ(keep_job_output_tail("short\n", truncated), "short\n");
    EXPECT_FALSE(truncated);

    std::string text;
    for (int line = 0; text.size() < 2 * kMaxJobOutputBytes; ++line) {
        text += "line " + std::to_string(line) + " of a long backup log\n";
    }
    std::string kept = keep_job_output_tail(text, truncated);
    EXPECT_TRUE(truncated);
    EXPECT_LE(kept.size(), kMaxJobOutputBytes);
    EXPECT_GT(kept.size(), kMaxJobOutputBytes - 1024);
    EXPECT_EQ(kept.rfind("line ", 0), 0u);  // starts at a line start
    EXPECT_TRUE(text.ends_with(kept));

    // No line start near the cut: cut by bytes, but never inside a UTF-8 sequence.
    std::string accents;
    while (accents.size() < kMaxJobOutputBytes + 11) accents += "\xC3\xA9";  // é
    kept = keep_job_output_tail(accents, truncated);
    EXPECT_TRUE(truncated);
    EXPECT_LE(kept.size(), kMaxJobOutputBytes);
    EXPECT_EQ(static_cast<unsigned char>(kept.front()), 0xC3);
}

}  // namespace
}  // namespace edge
