// The pure parts of `edgectl logs`: the request it sends, the line prefix "web.2@pi1 | ", and
// the bookkeeping of which nodes have answered (so a one-shot `logs` knows when it is done and
// whom to name when it times out).
// Thread-safety: plain values; LogProgress is used under the caller's lock.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "schema/log_messages.h"

namespace edge::ctl {

struct LogsOptions {
    std::string service;  // NAME or STACK/NAME
    bool follow = false;
    int64_t tail = -1;  // -1: all
    std::string since;  // a duration like 10m; empty: from the start
};

// The args of the hub's "logs" op (schema/requests.h). `since` becomes an absolute time.
Result<nlohmann::json> logs_request_args(const LogsOptions& options, const std::string& session,
                                         int64_t now_ms);

// A fresh random session id (16 hex digits, from the OS's random source).
std::string new_log_session_id();

// "web.2@pi1 | text".
std::string render_log_line(const std::string& service, const std::string& node,
                            const LogLine& line);

// Which nodes of a session have sent their last batch.
class LogProgress {
  public:
    explicit LogProgress(std::set<std::string> nodes) : waiting_(std::move(nodes)) {}
    // Records a batch from `node`; returns the error to show, if the node reported one.
    void record(const LogBatch& batch);
    bool all_ended() const { return waiting_.empty(); }
    // "pi1, pi2": the nodes that have not finished.
    std::string waiting_for() const;
    const std::vector<std::string>& errors() const { return errors_; }

  private:
    std::set<std::string> waiting_;
    std::vector<std::string> errors_;  // "pi1: MESSAGE"
};

}  // namespace edge::ctl
