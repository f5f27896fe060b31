#include "hub/files/secret_cipher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "hub/test_util.h"

namespace edge {
namespace {

SecretCipher cipher_with(char fill) {
    return *SecretCipher::from_key(std::string(kSecretKeyBytes, fill));
}

TEST(SecretCipher, RoundTripsAndNeverShowsTheValue) {
    SecretCipher cipher = cipher_with('k');
    std::string value("hunter2\0binary\xff", 15);
    auto sealed = cipher.seal(value, "demo_db_password");
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    EXPECT_EQ(sealed->find("hunter2"), std::string::npos);
    EXPECT_EQ(sealed->size(), 2 + 12 + value.size() + 16);
    auto opened = cipher.open(*sealed, "demo_db_password");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(*opened, value);
}

TEST(SecretCipher, EachSealHasItsOwnNonce) {
    SecretCipher cipher = cipher_with('k');
    EXPECT_NE(*cipher.seal("same", "n"), *cipher.seal("same", "n"));
}

TEST(SecretCipher, DetectsTamperingAWrongKeyAndAWrongName) {
    SecretCipher cipher = cipher_with('k');
    std::string sealed = *cipher.seal("hunter2", "db_password");
    for (size_t i = 0; i < sealed.size(); ++i) {
        std::string tampered = sealed;
        tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
        EXPECT_FALSE(cipher.open(tampered, "db_password").ok()) << "byte " << i;
    }
    EXPECT_FALSE(cipher.open(sealed.substr(0, sealed.size() - 1), "db_password").ok());
    EXPECT_FALSE(cipher_with('x').open(sealed, "db_password").ok());
    EXPECT_FALSE(cipher.open(sealed, "other_secret").ok());
    EXPECT_FALSE(SecretCipher::from_key("short").ok());
}

TEST(SecretCipher, KeyFileIsCreatedPrivateAndReadBack) {
    testing::TempDir dir;
    std::string path = dir.file("secrets.key");
    auto created = SecretCipher::load_or_create(path);
    ASSERT_TRUE(created.ok()) << created.error().message;
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    std::string sealed = *created->seal("v", "s");
    auto loaded = SecretCipher::load_or_create(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(*loaded->open(sealed, "s"), "v");
    ::chmod(path.c_str(), 0644);
    EXPECT_FALSE(SecretCipher::load_or_create(path).ok());
    std::string garbage = dir.file("garbage.key");
    std::ofstream(garbage) << "not a key\n";
    ::chmod(garbage.c_str(), 0600);
    EXPECT_FALSE(SecretCipher::load_or_create(garbage).ok());
}

}  // namespace
}  // namespace edge
