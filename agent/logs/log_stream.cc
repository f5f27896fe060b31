#include "agent/logs/log_stream.h"

namespace edge {

namespace {
constexpr size_t kHeaderBytes = 8;
}  // namespace

void LogDemuxer::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (mode_ == Mode::kRaw) {
            payload(LogStream::kStdout, bytes);
            return;
        }
        if (frame_left_ > 0) {
            size_t take = std::min<size_t>(frame_left_, bytes.size());
            if (!frame_ignored_) payload(frame_stream_, bytes.substr(0, take));
            frame_left_ -= static_cast<uint32_t>(take);
            bytes.remove_prefix(take);
            continue;
        }
        size_t take = std::min(kHeaderBytes - header_.size(), bytes.size());
        header_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (mode_ == Mode::kUnknown) {
            // Decide on the first byte(s): a frame header starts with 0, 1 or 2 and three zeros.
            for (size_t i = 0; i < header_.size() && i < 4; ++i) {
                unsigned char c = static_cast<unsigned char>(header_[i]);
                bool fits = i == 0 ? c <= 2 : c == 0;
                if (!fits) {
                    mode_ = Mode::kRaw;
                    std::string seen = std::move(header_);
                    header_.clear();
                    payload(LogStream::kStdout, seen);
                    break;
                }
            }
            if (mode_ == Mode::kRaw) continue;
        }
        if (header_.size() < kHeaderBytes) continue;
        mode_ = Mode::kMultiplexed;
        auto byte = [&](size_t i) {
            return static_cast<uint32_t>(static_cast<uint8_t>(header_[i]));
        };
        frame_ignored_ = byte(0) == 0;
        frame_stream_ = byte(0) == 2 ? LogStream::kStderr : LogStream::kStdout;
        frame_left_ = (byte(4) << 24) | (byte(5) << 16) | (byte(6) << 8) | byte(7);
        header_.clear();
    }
}

void LogDemuxer::payload(LogStream stream, std::string_view bytes) {
    Partial& partial = partial_[stream == LogStream::kStderr ? 1 : 0];
    while (!bytes.empty()) {
        size_t newline = bytes.find('\n');
        std::string_view piece = bytes.substr(0, newline);
        if (!partial.cut) {
            size_t room =
                kMaxLogLineBytes + 1 - std::min(partial.text.size(), kMaxLogLineBytes + 1);
            partial.text.append(piece.substr(0, room));
            // One byte over the limit is enough to know the line must be cut.
            if (partial.text.size() > kMaxLogLineBytes) partial.cut = true;
        }
        if (newline == std::string_view::npos) return;
        emit(stream);
        bytes.remove_prefix(newline + 1);
    }
}

void LogDemuxer::emit(LogStream stream) {
    Partial& partial = partial_[stream == LogStream::kStderr ? 1 : 0];
    std::string text = std::move(partial.text);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    on_line_(stream, cap_log_line(text));
    partial = Partial{};
}

void LogDemuxer::finish() {
    for (LogStream stream : {LogStream::kStdout, LogStream::kStderr}) {
        if (!partial_[stream == LogStream::kStderr ? 1 : 0].text.empty()) emit(stream);
    }
}

bool LogBatcher::add(LogLine line, int64_t now_ms) {
    if (lines_.empty()) first_ms_ = now_ms;
    bytes_ += line.text.size();
    lines_.push_back(std::move(line));
    return lines_.size() >= kMaxLogBatchLines || bytes_ + kMaxLogLineBytes > kMaxLogBatchBytes;
}

std::vector<LogLine> LogBatcher::take() {
    std::vector<LogLine> lines;
    lines.swap(lines_);
    bytes_ = 0;
    return lines;
}

std::string logs_query(const LogsCommand& command) {
    std::string query = "stdout=1&stderr=1";
    query += command.tail >= 0 ? "&tail=" + std::to_string(command.tail) : "&tail=all";
    if (command.since_s > 0) query += "&since=" + std::to_string(command.since_s);
    if (command.follow) query += "&follow=1";
    return query;
}

}  // namespace edge
