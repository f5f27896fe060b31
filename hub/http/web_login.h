// Who a request of the HTTP API acts as, and the web UI's login. A request carries either a
// bearer token (scripts) or the session cookie of a login (the web UI, web_sessions.h); with the
// cookie, every call but GET must also carry the session's CSRF token in X-CSRF-Token.
//   POST   /api/v1/session {"token"}  log in with an API token: sets the cookie, answers
//          or {"username", "password"}  {"csrf", "who"}; with the edgectl identity's password,
//                                     which the broker checks (bus/connect_once.h). 429 when
//                                     attempts come too fast, 401 when refused
//   GET    /api/v1/session            {"csrf", "who"} of the live session (a reloaded page), or 401
//   DELETE /api/v1/session            log out
// Thread-safety: as WebSessions.
#pragma once

#include <optional>
#include <string>

#include <httplib.h>

#include "hub/http/api_context.h"

namespace edge::http {

inline constexpr const char* kSessionPath = "/api/v1/session";

// True when the hub accepts `who`; otherwise answers its refusal (401, or 503 when the hub did
// not take the call) and returns false. For what has no operation of its own to check it with:
// a login, a live event stream.
bool check_principal(const ApiCaller& caller, const ApiPrincipal& who, httplib::Response& res);

// Who `req` acts as; nullopt after answering 401 or 403 itself.
std::optional<ApiPrincipal> request_principal(const httplib::Request& req, httplib::Response& res,
                                              WebSessions& sessions);

// Answers the three session routes.
void handle_session(const httplib::Request& req, httplib::Response& res, const ApiContext& api);

}  // namespace edge::http
