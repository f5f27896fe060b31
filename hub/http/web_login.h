// Who a request of the HTTP API acts as, and the web UI's login. A request carries either a
// bearer token (scripts) or the session cookie of a login (the web UI, web_sessions.h); with the
// cookie, every call but GET must also carry the session's CSRF token in X-CSRF-Token.
//   POST   /api/v1/session {"token"}  log in: sets the cookie, answers {"csrf"}; 429 when
//                                     attempts come too fast, 401 for a token the hub refuses
//   GET    /api/v1/session            {"csrf"} of the live session (a reloaded page), or 401
//   DELETE /api/v1/session            log out
// Thread-safety: as WebSessions.
#pragma once

#include <optional>
#include <string>

#include <httplib.h>

#include "hub/http/api_server.h"
#include "hub/http/web_sessions.h"

namespace edge::http {

inline constexpr const char* kSessionPath = "/api/v1/session";

// True when the hub accepts `token`; otherwise answers its refusal (401, or 503 when the hub did
// not take the call) and returns false. For what has no operation of its own to check it with:
// a login, a live event stream.
bool check_token(const ApiCaller& caller, const std::string& token, httplib::Response& res);

// The API token `req` acts with; nullopt after answering 401 or 403 itself.
std::optional<std::string> request_token(const httplib::Request& req, httplib::Response& res,
                                         WebSessions& sessions);

// Answers the three session routes. `secure`: the server speaks TLS, so the cookie is Secure.
void handle_session(const httplib::Request& req, httplib::Response& res, const ApiCaller& caller,
                    WebSessions& sessions, bool secure);

}  // namespace edge::http
