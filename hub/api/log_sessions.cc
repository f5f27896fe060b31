#include "hub/api/log_sessions.h"

#include <algorithm>

namespace edge {

Status LogSessions::open(LogSession session, int64_t now_ms) {
    expire(now_ms);
    if (sessions_.contains(session.id) || recently_closed(session.id, now_ms)) {
        return make_error("log session \"" + session.id + "\" is already in use");
    }
    if (sessions_.size() >= kMaxSessions) {
        return make_error("too many log sessions open (" + std::to_string(kMaxSessions) +
                          "); try again when one ends");
    }
    session.expires_ms = now_ms + session.lease_ms;
    std::string id = session.id;
    sessions_.emplace(std::move(id), std::move(session));
    return ok_status();
}

LogSession* LogSessions::find(const std::string& id, int64_t now_ms) {
    auto found = sessions_.find(id);
    if (found == sessions_.end() || found->second.expires_ms <= now_ms) return nullptr;
    return &found->second;
}

bool LogSessions::renew(const std::string& id, int64_t now_ms) {
    LogSession* session = find(id, now_ms);
    if (session == nullptr) return false;
    session->expires_ms = now_ms + session->lease_ms;
    return true;
}

std::optional<LogSession> LogSessions::close(const std::string& id, int64_t now_ms) {
    auto found = sessions_.find(id);
    if (found == sessions_.end()) return std::nullopt;
    LogSession session = std::move(found->second);
    sessions_.erase(found);
    closed_.emplace_back(id, now_ms);
    while (closed_.size() > kRememberClosed) closed_.pop_front();
    return session;
}

std::vector<LogSession> LogSessions::expire(int64_t now_ms) {
    std::vector<std::string> expired;
    for (const auto& [id, session] : sessions_) {
        if (session.expires_ms <= now_ms) expired.push_back(id);
    }
    std::vector<LogSession> closed;
    for (const auto& id : expired) closed.push_back(*close(id, now_ms));
    return closed;
}

bool LogSessions::recently_closed(const std::string& id, int64_t now_ms) const {
    return std::any_of(closed_.begin(), closed_.end(), [&](const auto& entry) {
        return entry.first == id && now_ms - entry.second < kRememberClosedMs;
    });
}

}  // namespace edge
