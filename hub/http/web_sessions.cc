#include "hub/http/web_sessions.h"

#include "security/secrets.h"

namespace edge::http {

bool WebSessions::allow_login(int64_t now_ms) {
    std::lock_guard lock(mutex_);
    return logins_.allow(now_ms);
}

Result<WebSession> WebSessions::open(const ApiPrincipal& who, int64_t now_ms) {
    auto id = random_secret(32);
    auto csrf = random_secret(32);
    if (!id || !csrf) return make_error("cannot make a session");
    WebSession session{*id, *csrf, who, now_ms};
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_,
                  [&](const auto& entry) { return now_ms - entry.second.last_used_ms > kIdleMs; });
    if (sessions_.size() >= kMaxSessions) {
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
            if (it->second.last_used_ms < oldest->second.last_used_ms) oldest = it;
        }
        sessions_.erase(oldest);
    }
    sessions_[session.id] = session;
    return session;
}

std::optional<WebSession> WebSessions::find(const std::string& id, int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(id);
    if (found == sessions_.end()) return std::nullopt;
    if (now_ms - found->second.last_used_ms > kIdleMs) {
        sessions_.erase(found);
        return std::nullopt;
    }
    found->second.last_used_ms = now_ms;
    return found->second;
}

void WebSessions::close(const std::string& id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

std::string cookie_value(const std::string& header, const std::string& name) {
    size_t start = 0;
    while (start < header.size()) {
        size_t end = header.find(';', start);
        if (end == std::string::npos) end = header.size();
        std::string pair = header.substr(start, end - start);
        size_t first = pair.find_first_not_of(' ');
        if (first != std::string::npos) pair = pair.substr(first);
        if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 &&
            pair[name.size()] == '=') {
            return pair.substr(name.size() + 1);
        }
        start = end + 1;
    }
    return "";
}

}  // namespace edge::http
