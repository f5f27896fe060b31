// The pure parts of streaming container logs for `edgectl logs`: splitting the engine's log
// stream into lines, collecting lines into bounded batches, and a session's lease.
//
// The Engine API's GET /containers/{id}/logs answers a container without a TTY (every
// container edgeorch creates) with a multiplexed stream: frames of an 8-byte header
// {stream type (1 stdout, 2 stderr), 0, 0, 0, payload size as big-endian uint32} followed by
// that many payload bytes. A TTY container's logs are the raw bytes. LogDemuxer tells the two
// apart by the first header (a raw stream starting with a valid header is not text), keeps one
// partial line per stream and cuts any line longer than kMaxLogLineBytes, so its memory stays
// bounded whatever the container prints.
// Thread-safety: plain values; each stream has its own.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/log_messages.h"

namespace edge {

class LogDemuxer {
  public:
    using LineHandler = std::function<void(LogStream, std::string)>;
    explicit LogDemuxer(LineHandler on_line) : on_line_(std::move(on_line)) {}

    // Feeds the next bytes of the response body, in any chunking.
    void feed(std::string_view bytes);
    // The body ended: hands over partial last lines.
    void finish();

  private:
    enum class Mode { kUnknown, kMultiplexed, kRaw };
    struct Partial {
        std::string text;
        bool cut = false;  // the line is longer than the limit; drop bytes until its newline
    };
    void payload(LogStream stream, std::string_view bytes);
    void emit(LogStream stream);

    LineHandler on_line_;
    Mode mode_ = Mode::kUnknown;
    std::string header_;       // bytes of an incomplete frame header
    uint32_t frame_left_ = 0;  // payload bytes still to come in the current frame
    LogStream frame_stream_ = LogStream::kStdout;
    bool frame_ignored_ = false;  // stdin frames (type 0) are not log output
    Partial partial_[2];          // stdout, stderr
};

// Collects lines into batches of at most kMaxLogBatchLines lines and kMaxLogBatchBytes bytes.
class LogBatcher {
  public:
    // Adds a line; true when the batch is now full and should be sent.
    bool add(LogLine line, int64_t now_ms);
    // True when lines have waited at least `max_wait_ms` since the first of them arrived.
    bool due(int64_t now_ms, int64_t max_wait_ms) const {
        return !lines_.empty() && now_ms - first_ms_ >= max_wait_ms;
    }
    bool empty() const { return lines_.empty(); }
    std::vector<LogLine> take();

  private:
    std::vector<LogLine> lines_;
    size_t bytes_ = 0;
    int64_t first_ms_ = 0;
};

// A session's lease: it ends `lease_ms` after the last start or renewal.
class LogLease {
  public:
    LogLease(int64_t now_ms, int64_t lease_ms) : expires_ms_(now_ms + lease_ms) {}
    void renew(int64_t now_ms, int64_t lease_ms) { expires_ms_ = now_ms + lease_ms; }
    bool expired(int64_t now_ms) const { return now_ms >= expires_ms_; }

  private:
    int64_t expires_ms_;
};

// The query of GET /containers/{id}/logs for a LogsCommand.
std::string logs_query(const LogsCommand& command);

}  // namespace edge
