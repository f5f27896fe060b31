// The web UI's sessions: opened for a token, found by id until they idle out, bounded, and
// login attempts rate-limited.
#include "hub/http/web_sessions.h"

#include <gtest/gtest.h>

namespace edge::http {
namespace {

TEST(WebSessions, ASessionStandsForItsTokenUntilItIdlesOutOrCloses) {
    WebSessions sessions;
    auto session = sessions.open(ApiPrincipal::with_token("edge_token"), 1000);
    ASSERT_TRUE(session.ok());
    EXPECT_EQ(session->id.size(), 64u);
    EXPECT_EQ(session->csrf.size(), 64u);
    EXPECT_NE(session->id, session->csrf);
    auto found = sessions.find(session->id, 2000);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->who.token, "edge_token");
    EXPECT_FALSE(found->who.is_identity());
    EXPECT_EQ(found->csrf, session->csrf);
    EXPECT_FALSE(sessions.find("not-a-session", 2000).has_value());
    // Used at 2000, so it lives until 2000 + idle.
    EXPECT_TRUE(sessions.find(session->id, 2000 + WebSessions::kIdleMs).has_value());
    EXPECT_FALSE(sessions.find(session->id, 2001 + 2 * WebSessions::kIdleMs).has_value());
    auto other = sessions.open(ApiPrincipal::with_token("edge_token"), 5000);
    sessions.close(other->id);
    EXPECT_FALSE(sessions.find(other->id, 5001).has_value());
}

TEST(WebSessions, TheOldestSessionGivesWayAndLoginsAreRateLimited) {
    WebSessions sessions;
    auto first = sessions.open(ApiPrincipal::with_token("t"), 0);
    for (size_t i = 1; i < WebSessions::kMaxSessions; ++i)
        ASSERT_TRUE(sessions.open(ApiPrincipal::with_token("t"), 10 + i).ok());
    ASSERT_TRUE(sessions.open(ApiPrincipal::with_token("t"), 1000).ok());
    EXPECT_FALSE(sessions.find(first->id, 1001).has_value());

    int allowed = 0;
    for (int i = 0; i < 20; ++i) allowed += sessions.allow_login(100) ? 1 : 0;
    EXPECT_EQ(allowed, 10);
    EXPECT_TRUE(sessions.allow_login(100 + 2000));
    EXPECT_FALSE(sessions.allow_login(100 + 2000));
}

TEST(CookieValue, FindsTheNamedCookie) {
    EXPECT_EQ(cookie_value("a=1; edge_session=XYZ; b=2", "edge_session"), "XYZ");
    EXPECT_EQ(cookie_value("edge_session=XYZ", "edge_session"), "XYZ");
    EXPECT_EQ(cookie_value("edge_sessionx=1; a=2", "edge_session"), "");
    EXPECT_EQ(cookie_value("", "edge_session"), "");
}

}  // namespace
}  // namespace edge::http
