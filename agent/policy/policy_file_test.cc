#include "agent/policy/policy_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edge {
namespace {

namespace fs = std::filesystem;

class PolicyFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("policy-file-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& text) {
        std::string path = (dir_ / "agent-policy.conf").string();
        std::ofstream(path) << text;
        return path;
    }
    fs::path dir_;
};

TEST_F(PolicyFileTest, AnAbsentDefaultFileMeansTheDefaults) {
    auto policy = load_node_policy((dir_ / "none.conf").string(), false, "/var/lib/edgeorch");
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    EXPECT_EQ(*policy, default_node_policy("/var/lib/edgeorch"));
}

TEST_F(PolicyFileTest, AnAbsentFileNamedOnTheCommandLineIsAnError) {
    auto policy = load_node_policy((dir_ / "none.conf").string(), true, "/var/lib/edgeorch");
    ASSERT_FALSE(policy.ok());
    EXPECT_NE(policy.error().message.find("cannot read policy file"), std::string::npos);
}

TEST_F(PolicyFileTest, ReadsTheFileAndNamesItsLines) {
    std::string path = write("# lab node\nprivileged yes\n");
    auto policy = load_node_policy(path, true, "/var/lib/edgeorch");
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    EXPECT_EQ(policy->source, path);
    EXPECT_EQ(policy->privileged, (PolicySwitch{true, 2}));
}

TEST_F(PolicyFileTest, ABadLineIsAnErrorWithFileAndLine) {
    std::string path = write("privileged yes\nbinds etc\n");
    auto policy = load_node_policy(path, false, "/var/lib/edgeorch");
    ASSERT_FALSE(policy.ok());
    EXPECT_EQ(policy.error().message,
              path + ":2: binds: expected absolute paths without \"..\", got etc");
}

}  // namespace
}  // namespace edge
