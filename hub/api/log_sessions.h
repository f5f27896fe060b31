// LogSessions: the hub's table of open `edgectl logs` sessions. A session names the nodes it
// asked for logs and lives while its lease does: edgectl renews it every few seconds, and a
// session nobody renews expires, so nothing is relayed (or streamed by agents) once nobody
// watches. The table is bounded and lives in memory only: a restarted hub forgets sessions,
// their agents' leases run out, and edgectl reports the session gone at its next renewal.
// Time is passed in. Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

struct LogSession {
    std::string id;
    std::string subject;          // "stack/service"
    std::set<std::string> nodes;  // the nodes asked for logs
    std::set<std::string> ended;  // nodes that sent their last batch
    bool follow = false;
    int64_t lease_ms = 0;
    int64_t expires_ms = 0;
};

class LogSessions {
  public:
    static constexpr size_t kMaxSessions = 32;
    static constexpr size_t kRememberClosed = 64;
    static constexpr int64_t kRememberClosedMs = 60000;

    // Fails when the table is full or the id is in use (or was, recently).
    Status open(LogSession session, int64_t now_ms);
    // The live session with this id, or nullptr.
    LogSession* find(const std::string& id, int64_t now_ms);
    // Extends a live session's lease; false when there is none.
    bool renew(const std::string& id, int64_t now_ms);
    // Removes a session and remembers its id for a while; nullopt when it was not open.
    std::optional<LogSession> close(const std::string& id, int64_t now_ms);
    // Closes and returns every session whose lease ran out.
    std::vector<LogSession> expire(int64_t now_ms);
    // True for a session closed in the last kRememberClosedMs: its nodes' last batches are
    // expected stragglers, not bad input.
    bool recently_closed(const std::string& id, int64_t now_ms) const;
    size_t size() const { return sessions_.size(); }

  private:
    std::map<std::string, LogSession> sessions_;
    std::deque<std::pair<std::string, int64_t>> closed_;  // id, closed at; oldest first
};

}  // namespace edge
