// WebSessions: the web UI's logins. Logging in with an API token (checked by the hub) or with
// the edgectl identity's password (checked by the broker) opens a session: a random id the
// browser keeps in an HttpOnly, SameSite=Strict cookie (Secure under TLS), and a random CSRF
// token the page holds in memory and sends back in X-CSRF-Token with every call that changes
// something, which a page of another site cannot read or forge. The token the session stands
// for stays on the hub; a password is not kept at all. Sessions live in memory (a hub restart
// logs everyone out), expire after 12 hours idle, and are at most 64. Login attempts are
// rate-limited: 10 at once, then one every 2 seconds.
// Thread-safety: every method may be called from any thread; time is passed in.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.h"
#include "hub/api/api_principal.h"
#include "hub/api/rate_limiter.h"

namespace edge::http {

inline constexpr const char* kSessionCookie = "edge_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct WebSession {
    std::string id;
    std::string csrf;
    ApiPrincipal who;  // what calls made with this session run as
    int64_t last_used_ms = 0;
};

class WebSessions {
  public:
    static constexpr int64_t kIdleMs = 12LL * 3600 * 1000;
    static constexpr size_t kMaxSessions = 64;

    // False when login attempts come too fast.
    bool allow_login(int64_t now_ms);
    // A new session for a token the hub accepted, or an identity the broker accepted; the oldest
    // goes when there are too many.
    Result<WebSession> open(const ApiPrincipal& who, int64_t now_ms);
    // The live session with this id, its idle time restarted; nullopt when none.
    std::optional<WebSession> find(const std::string& id, int64_t now_ms);
    void close(const std::string& id);

  private:
    std::mutex mutex_;
    std::map<std::string, WebSession> sessions_;  // GUARDED_BY(mutex_)
    RateLimiter logins_{10, 2000};                // GUARDED_BY(mutex_)
};

// The value of cookie `name` in a Cookie header ("a=1; edge_session=XYZ"); "" when absent.
std::string cookie_value(const std::string& header, const std::string& name);

}  // namespace edge::http
