#include "security/private_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace edge {
namespace {

class PrivateFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/edge-private-XXXXXX";
        dir_ = mkdtemp(pattern);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_;
};

TEST_F(PrivateFileTest, CredentialsAreStoredOwnerOnly) {
    std::string path = dir_ + "/credentials.json";
    // Even a file that was world-readable before ends up 0600.
    std::ofstream(path) << "old";
    chmod(path.c_str(), 0644);
    NodeCredentials credentials{"pi1", "node:pi1", "secret"};
    ASSERT_TRUE(save_credentials(path, credentials).ok());
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    auto loaded = load_credentials(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(*loaded, credentials);
}

TEST_F(PrivateFileTest, RefusesFilesOthersCanRead) {
    std::string path = dir_ + "/credentials.json";
    ASSERT_TRUE(save_credentials(path, {"pi1", "node:pi1", "secret"}).ok());
    chmod(path.c_str(), 0644);
    EXPECT_FALSE(load_credentials(path).ok());
}

TEST_F(PrivateFileTest, RefusesIncompleteFiles) {
    std::string path = dir_ + "/credentials.json";
    ASSERT_TRUE(write_private_file(path, R"({"node":"pi1","username":"node:pi1"})").ok());
    EXPECT_FALSE(load_credentials(path).ok());
    ASSERT_TRUE(write_private_file(path, "not json").ok());
    EXPECT_FALSE(load_credentials(path).ok());
}

}  // namespace
}  // namespace edge
