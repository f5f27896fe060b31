// Who a request acts as: a bearer token as is; a session cookie for its token, with the CSRF
// token required on every call but GET; otherwise 401 (no token, an ended session) or 403 (a
// missing or wrong CSRF token). Logging in with a password: only the cluster-wide identity, only
// when the broker accepts it, and the password is asked of the broker, never kept.
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
    auto session = sessions.open(ApiPrincipal::with_token("edge_session_token"), wall_clock_ms());
    ASSERT_TRUE(session.ok());
    const std::string cookie = std::string("theme=dark; ") + kSessionCookie + "=" + session->id;
    httplib::Response res;

    httplib::Request bearer = request("POST");
    bearer.headers.emplace("Authorization", "Bearer edge_script");
    EXPECT_EQ(request_principal(bearer, res, sessions)->token, "edge_script");
    EXPECT_EQ(request_principal(request("GET", cookie), res, sessions)->token,
              "edge_session_token");
    EXPECT_EQ(request_principal(request("POST", cookie, session->csrf), res, sessions)->token,
              "edge_session_token");
}

TEST(WebLogin, ChangesWithoutTheCsrfTokenAndUnknownSessionsAreRefused) {
    WebSessions sessions;
    auto session = sessions.open(ApiPrincipal::with_token("edge_session_token"), wall_clock_ms());
    const std::string cookie = std::string(kSessionCookie) + "=" + session->id;
    for (const char* method : {"POST", "DELETE"}) {
        httplib::Response missing;
        EXPECT_FALSE(request_principal(request(method, cookie), missing, sessions).has_value());
        EXPECT_EQ(missing.status, 403);
        httplib::Response wrong;
        EXPECT_FALSE(
            request_principal(request(method, cookie, "forged"), wrong, sessions).has_value());
        EXPECT_EQ(wrong.status, 403);
    }
    httplib::Response none;
    EXPECT_FALSE(request_principal(request("GET"), none, sessions).has_value());
    EXPECT_EQ(none.status, 401);
    httplib::Response ended;
    sessions.close(session->id);
    EXPECT_FALSE(request_principal(request("GET", cookie), ended, sessions).has_value());
    EXPECT_EQ(ended.status, 401);
}

// The broker's verdict is faked here; bus/connect_once and e2e_web_ui ask a real one.
struct PasswordLogin : ::testing::Test {
    WebSessions sessions;
    EventStreams events{1, 1};
    LogStreams logs{1, 1};
    std::vector<std::string> asked;  // user names the broker was asked about
    ApiContext api{{[](const ApiPrincipal&, Request) -> Result<ApiReply> {
                        return make_error("no token is checked in these tests");
                    },
                    [this](const std::string& user, const std::string& password) -> Result<bool> {
                        asked.push_back(user);
                        return password == "right";
                    },
                    {}},
                   events,
                   logs,
                   sessions,
                   true};

    httplib::Response log_in(const std::string& body) {
        httplib::Request req;
        req.method = "POST";
        req.path = kSessionPath;
        req.body = body;
        httplib::Response res;
        handle_session(req, res, api);
        return res;
    }
};

TEST_F(PasswordLogin, TheRightPasswordOpensASessionForTheIdentity) {
    httplib::Response res = log_in(R"({"username": "edgectl", "password": "right"})");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_NE(res.get_header_value("Set-Cookie").find("HttpOnly; SameSite=Strict; Secure"),
              std::string::npos);
    auto body = nlohmann::json::parse(res.body);
    EXPECT_EQ(body["who"]["kind"], "identity");
    EXPECT_EQ(body["who"]["name"], "edgectl");
    const std::string id = cookie_value(res.get_header_value("Set-Cookie"), kSessionCookie);
    auto session = sessions.find(id, wall_clock_ms());
    ASSERT_TRUE(session.has_value());
    EXPECT_TRUE(session->who.is_identity());
    EXPECT_EQ(session->who.identity, "edgectl");
    EXPECT_TRUE(session->who.token.empty());
}

TEST_F(PasswordLogin, AWrongPasswordOrAnotherIdentityIsRefused) {
    EXPECT_EQ(log_in(R"({"username": "edgectl", "password": "wrong"})").status, 401);
    // An identity limited to an environment is not asked about: it would act cluster-wide.
    EXPECT_EQ(log_in(R"({"username": "env:preprod:ci", "password": "right"})").status, 401);
    EXPECT_EQ(asked, std::vector<std::string>{"edgectl"});
    EXPECT_EQ(log_in(R"({"username": "edgectl"})").status, 400);
    EXPECT_EQ(log_in("not json").status, 400);
    api.backends.check_password = nullptr;
    EXPECT_EQ(log_in(R"({"username": "edgectl", "password": "right"})").status, 401);
}

}  // namespace
}  // namespace edge::http
