#include "security/join_messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(JoinMessagesTest, RoundTrips) {
    JoinRequest request{"pi1", "-----BEGIN CERTIFICATE REQUEST-----\n..."};
    auto decoded_request = decode_join_request(encode_join_request(request));
    ASSERT_TRUE(decoded_request.ok());
    EXPECT_EQ(*decoded_request, request);
    JoinResponse response{{"pi1", "node:pi1", "0123abcd"}, "-----BEGIN CERTIFICATE-----\n..."};
    auto decoded = decode_join_response(encode_join_response(response));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, response);
}

TEST(JoinMessagesTest, RejectsMalformedMessages) {
    for (const char* bad : {"", "null", "[]", "{}", R"({"v":2,"node":"pi1","csr":"x"})",
                            R"({"v":1,"node":7,"csr":"x"})", R"({"v":1,"node":"a/b","csr":"x"})",
                            R"({"v":1,"node":"-x","csr":"x"})", R"({"v":1,"node":"pi1"})",
                            R"({"v":1,"node":"pi1","csr":""})"}) {
        EXPECT_FALSE(decode_join_request(bad).ok()) << bad;
    }
    EXPECT_FALSE(decode_join_response(R"({"v":1,"node":"pi1","username":"u"})").ok());
    EXPECT_FALSE(decode_join_response(
                     R"({"v":1,"node":"pi1","username":"u","password":"","certificate":"c"})")
                     .ok());
    EXPECT_FALSE(
        decode_join_response(R"({"v":1,"node":"pi1","username":"u","password":"p"})").ok());
    std::string huge = R"({"v":1,"node":"pi1","csr":"x","pad":")" + std::string(20000, 'x') + "\"}";
    EXPECT_FALSE(decode_join_request(huge).ok());
}

}  // namespace
}  // namespace edge
