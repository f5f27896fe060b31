// The messages of `edgectl logs`, which streams container logs on demand only (see topics.h for
// the routing): the hub's command to a node (LogsCommand) and a batch of log lines (LogBatch),
// which an agent sends to the hub and the hub relays, unchanged but for the node name it takes
// from the topic, to the edgectl session that asked.
// Decoders are strict like those in messages.h; encoders never fail.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace edge {

// Limits that keep a log session cheap for a Raspberry Pi agent, the hub and the broker.
inline constexpr size_t kMaxLogLineBytes = 2048;    // longer lines are cut and marked
inline constexpr size_t kMaxLogBatchLines = 100;    // per LogBatch
inline constexpr size_t kMaxLogBatchBytes = 32768;  // text bytes per LogBatch
inline constexpr int64_t kMaxLogTail = 100000;      // --tail
inline constexpr int64_t kMaxLogLeaseMs = 60000;    // a session dies this long after its lease
inline constexpr size_t kMaxLogSessionIdLength = 64;

enum class LogsOp { kStart, kRenew, kStop };

// hub -> agent on <prefix>/nodes/<node>/logs.
struct LogsCommand {
    LogsOp op = LogsOp::kStart;
    std::string session;
    // kStart only: which containers and which part of their logs.
    std::string stack;
    std::string service;
    std::vector<int> replicas;  // the replicas the hub placed on this node
    int64_t tail = -1;          // lines per replica; -1: all
    int64_t since_s = 0;        // unix seconds; 0: from the start
    bool follow = false;
    // kStart and kRenew: the agent stops streaming this long after it last heard of the session.
    int64_t lease_ms = 0;
    bool operator==(const LogsCommand&) const = default;
};

enum class LogStream { kStdout, kStderr };

struct LogLine {
    int replica = 0;
    LogStream stream = LogStream::kStdout;
    std::string text;  // without the newline
    bool operator==(const LogLine&) const = default;
};

// agent -> hub on <prefix>/nodes/<node>/log, hub -> edgectl on <prefix>/clients/<session>/logs.
struct LogBatch {
    std::string session;
    std::string node;
    std::vector<LogLine> lines;
    bool end = false;   // the node sends nothing more for this session
    std::string error;  // why the node could not read (some) logs; "" normally
    bool operator==(const LogBatch&) const = default;
};

const char* to_string(LogsOp op);

std::string encode_logs_command(const LogsCommand& command);
Result<LogsCommand> decode_logs_command(std::string_view payload);

std::string encode_log_batch(const LogBatch& batch);
Result<LogBatch> decode_log_batch(std::string_view payload);

// A session id names a topic level: 8 to 64 characters of [A-Za-z0-9_-].
Status validate_log_session(const std::string& session);

// Cuts `text` to kMaxLogLineBytes, marking the cut, without splitting a UTF-8 sequence.
std::string cap_log_line(std::string_view text);

}  // namespace edge
