#include "security/content_hash.h"

#include "schema/base64.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(ContentHash, Sha256OfKnownInputs) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ContentHash, Base64RoundTripsBinary) {
    for (std::string data : {std::string(""), std::string("a"), std::string("ab"),
                             std::string("abc"), std::string("\0\xff\x01\n", 4)}) {
        std::string text = base64_encode(data);
        auto back = base64_decode(text);
        ASSERT_TRUE(back.ok()) << text;
        EXPECT_EQ(*back, data) << text;
    }
    EXPECT_EQ(base64_encode("abc"), "YWJj");
    EXPECT_FALSE(base64_decode("abc").ok());
    EXPECT_FALSE(base64_decode("a*c=").ok());
}

}  // namespace
}  // namespace edge
