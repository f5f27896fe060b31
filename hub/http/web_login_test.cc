// Who a request acts as: a bearer token as is; a session cookie for its token, with the CSRF
// token required on every call but GET; otherwise 401 (no token, an ended session) or 403 (a
// missing or wrong CSRF token).
#include "hub/http/web_login.h"

#include <gtest/gtest.h>

#include "hub/wall_clock.h"

namespace edge::http {
namespace {

httplib::Request request(const std::string& method, const std::string& cookie = "",
                         const std::string& csrf = "") {
    httplib::Request req;
    req.method = method;
    req.path = "/api/v1/nodes";
    if (!cookie.empty()) req.headers.emplace("Cookie", cookie);
    if (!csrf.empty()) req.headers.emplace(kCsrfHeader, csrf);
    return req;
}

TEST(WebLogin, ABearerTokenOrASessionSaysWhoActs) {
    WebSessions sessions;
    auto session = sessions.open("edge_session_token", wall_clock_ms());
    ASSERT_TRUE(session.ok());
    const std::string cookie = std::string("theme=dark; ") + kSessionCookie + "=" + session->id;
    httplib::Response res;

    httplib::Request bearer = request("POST");
    bearer.headers.emplace("Authorization", "Bearer edge_script");
    EXPECT_EQ(request_token(bearer, res, sessions), "edge_script");
    EXPECT_EQ(request_token(request("GET", cookie), res, sessions), "edge_session_token");
    EXPECT_EQ(request_token(request("POST", cookie, session->csrf), res, sessions),
              "edge_session_token");
}

TEST(WebLogin, ChangesWithoutTheCsrfTokenAndUnknownSessionsAreRefused) {
    WebSessions sessions;
    auto session = sessions.open("edge_session_token", wall_clock_ms());
    const std::string cookie = std::string(kSessionCookie) + "=" + session->id;
    for (const char* method : {"POST", "DELETE"}) {
        httplib::Response missing;
        EXPECT_FALSE(request_token(request(method, cookie), missing, sessions).has_value());
        EXPECT_EQ(missing.status, 403);
        httplib::Response wrong;
        EXPECT_FALSE(request_token(request(method, cookie, "forged"), wrong, sessions).has_value());
        EXPECT_EQ(wrong.status, 403);
    }
    httplib::Response none;
    EXPECT_FALSE(request_token(request("GET"), none, sessions).has_value());
    EXPECT_EQ(none.status, 401);
    httplib::Response ended;
    sessions.close(session->id);
    EXPECT_FALSE(request_token(request("GET", cookie), ended, sessions).has_value());
    EXPECT_EQ(ended.status, 401);
}

}  // namespace
}  // namespace edge::http
