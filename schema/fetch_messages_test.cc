#include "schema/fetch_messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(FetchMessages, RequestRoundTripsAndRefusesUnknownKinds) {
    FetchRequest request{"r1", kFetchBlob, std::string(64, 'a')};
    auto decoded = decode_fetch_request(encode_fetch_request(request));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, request);
    EXPECT_FALSE(decode_fetch_request(R"({"v":1,"id":"x","kind":"file","key":"k"})").ok());
    EXPECT_FALSE(decode_fetch_request("[").ok());
}

TEST(FetchMessages, ResponseCarriesBinaryData) {
    for (std::string data :
         {std::string(""), std::string("a"), std::string("ab"), std::string("abc\0\xff\n", 6)}) {
        FetchResponse response{"r1", kFetchSecret, "db_password", true, "", data, 3};
        auto decoded = decode_fetch_response(encode_fetch_response(response));
        ASSERT_TRUE(decoded.ok()) << decoded.error().message;
        EXPECT_EQ(*decoded, response);
    }
    FetchResponse refused{"r2", kFetchSecret, "other", false, "not yours", "", 0};
    auto decoded = decode_fetch_response(encode_fetch_response(refused));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, refused);
    EXPECT_FALSE(
        decode_fetch_response(R"({"v":1,"id":"x","kind":"blob","key":"k","ok":true,"data":"a*=="})")
            .ok());
}

}  // namespace
}  // namespace edge
