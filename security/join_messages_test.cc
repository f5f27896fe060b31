#include "security/join_messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(JoinMessagesTest, RoundTrips) {
    auto node = decode_join_request(encode_join_request("pi1"));
    ASSERT_TRUE(node.ok());
    EXPECT_EQ(*node, "pi1");
    NodeCredentials credentials{"pi1", "node:pi1", "0123abcd"};
    auto decoded = decode_join_response(encode_join_response(credentials));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, credentials);
}

TEST(JoinMessagesTest, RejectsMalformedMessages) {
    for (const char* bad :
         {"", "null", "[]", "{}", R"({"v":2,"node":"pi1"})", R"({"v":1,"node":7})",
          R"({"v":1,"node":"a/b"})", R"({"v":1,"node":"-x"})"}) {
        EXPECT_FALSE(decode_join_request(bad).ok()) << bad;
    }
    EXPECT_FALSE(decode_join_response(R"({"v":1,"node":"pi1","username":"u"})").ok());
    EXPECT_FALSE(decode_join_response(R"({"v":1,"node":"pi1","username":"u","password":""})").ok());
    std::string huge = R"({"v":1,"node":"pi1","pad":")" + std::string(5000, 'x') + "\"}";
    EXPECT_FALSE(decode_join_request(huge).ok());
}

}  // namespace
}  // namespace edge
