#include "agent/logs/log_stream.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

std::string frame(int stream, const std::string& payload) {
    std::string header(8, '\0');
    header[0] = static_cast<char>(stream);
    uint32_t size = static_cast<uint32_t>(payload.size());
    header[4] = static_cast<char>(size >> 24);
    header[5] = static_cast<char>(size >> 16);
    header[6] = static_cast<char>(size >> 8);
    header[7] = static_cast<char>(size);
    return header + payload;
}

struct Collected {
    std::vector<std::pair<LogStream, std::string>> lines;
    LogDemuxer demuxer{[this](LogStream s, std::string t) { lines.emplace_back(s, std::move(t)); }};
};

TEST(LogDemuxerTest, SplitsMultiplexedFramesIntoLinesPerStream) {
    Collected c;
    std::string body = frame(1, "one\ntw") + frame(2, "err line\n") + frame(1, "o\r\nthree");
    c.demuxer.feed(body);
    c.demuxer.finish();
    ASSERT_EQ(c.lines.size(), 4u);
    EXPECT_EQ(c.lines[0], std::make_pair(LogStream::kStdout, std::string("one")));
    EXPECT_EQ(c.lines[1], std::make_pair(LogStream::kStderr, std::string("err line")));
    EXPECT_EQ(c.lines[2], std::make_pair(LogStream::kStdout, std::string("two")));
    EXPECT_EQ(c.lines[3], std::make_pair(LogStream::kStdout, std::string("three")));
}

TEST(LogDemuxerTest, AnyChunkingGivesTheSameLines) {
    std::string body = frame(1, "alpha\nbeta\n") + frame(2, "gamma\n") + frame(0, "stdin\n") +
                       frame(1, std::string(70000, 'x') + "\nlast\n");
    Collected whole;
    whole.demuxer.feed(body);
    whole.demuxer.finish();
    ASSERT_EQ(whole.lines.size(), 5u);  // stdin frames are not log output
    EXPECT_EQ(whole.lines[3].second.size(), kMaxLogLineBytes);
    EXPECT_EQ(whole.lines[4].second, "last");
    for (size_t chunk : {1u, 3u, 7u, 8u, 9u, 4096u}) {
        Collected pieces;
        for (size_t i = 0; i < body.size(); i += chunk) {
            pieces.demuxer.feed(std::string_view(body).substr(i, chunk));
        }
        pieces.demuxer.finish();
        EXPECT_EQ(pieces.lines, whole.lines) << "chunk " << chunk;
    }
}

TEST(LogDemuxerTest, ARawTtyStreamIsReadAsStdout) {
    Collected c;
    c.demuxer.feed("hello from a tty\nsecond ");
    c.demuxer.feed("line\n");
    ASSERT_EQ(c.lines.size(), 2u);
    EXPECT_EQ(c.lines[0].second, "hello from a tty");
    EXPECT_EQ(c.lines[1].second, "second line");
}

TEST(LogDemuxerTest, AnEmptyLineIsALine) {
    Collected c;
    c.demuxer.feed(frame(1, "a\n\nb\n"));
    ASSERT_EQ(c.lines.size(), 3u);
    EXPECT_EQ(c.lines[1].second, "");
}

TEST(LogBatcherTest, BatchesAreBoundedByLinesAndBytes) {
    LogBatcher batcher;
    for (size_t i = 0; i + 1 < kMaxLogBatchLines; ++i) {
        EXPECT_FALSE(batcher.add({1, LogStream::kStdout, "x"}, 0));
    }
    EXPECT_TRUE(batcher.add({1, LogStream::kStdout, "x"}, 0));
    EXPECT_EQ(batcher.take().size(), kMaxLogBatchLines);
    EXPECT_TRUE(batcher.empty());

    size_t added = 0;
    while (!batcher.add({1, LogStream::kStdout, std::string(kMaxLogLineBytes, 'y')}, 0)) ++added;
    EXPECT_LE((added + 1) * kMaxLogLineBytes, kMaxLogBatchBytes);
}

TEST(LogBatcherTest, LinesWaitAtMostTheGivenTime) {
    LogBatcher batcher;
    EXPECT_FALSE(batcher.due(1000, 200));
    batcher.add({1, LogStream::kStdout, "x"}, 1000);
    batcher.add({1, LogStream::kStdout, "y"}, 1150);
    EXPECT_FALSE(batcher.due(1199, 200));
    EXPECT_TRUE(batcher.due(1200, 200));
}

TEST(LogLeaseTest, ExpiresUnlessRenewed) {
    LogLease lease(1000, 5000);
    EXPECT_FALSE(lease.expired(5999));
    lease.renew(4000, 5000);
    EXPECT_FALSE(lease.expired(8999));
    EXPECT_TRUE(lease.expired(9000));
}

TEST(LogsQueryTest, AsksForBothStreams) {
    LogsCommand command;
    EXPECT_EQ(logs_query(command), "stdout=1&stderr=1&tail=all");
    command.tail = 10;
    command.since_s = 1700000000;
    command.follow = true;
    EXPECT_EQ(logs_query(command), "stdout=1&stderr=1&tail=10&since=1700000000&follow=1");
}

}  // namespace
}  // namespace edge
