#include "agent/observe/cgroup_memory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edge {
namespace {

class CgroupDir : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() /
                ("edge-cgroup-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(root_);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }
    void write(const std::string& relative, const std::string& text) {
        auto path = root_ / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
    }
    std::filesystem::path root_;
};

TEST_F(CgroupDir, ReadsV2UnderTheSystemdDriver) {
    write("system.slice/docker-abc.scope/memory.current", "1000\n");
    write("system.slice/docker-abc.scope/memory.peak", "5000\n");
    write("system.slice/docker-abc.scope/memory.events",
          "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\noom_group_kill 0\n");
    auto figures = CgroupMemory(root_.string()).read("abc");
    ASSERT_TRUE(figures.has_value());
    EXPECT_EQ(figures->peak, 5000);
    EXPECT_EQ(figures->oom_kills, 2);
}

TEST_F(CgroupDir, ReadsV1UnderTheCgroupfsDriver) {
    write("memory/docker/abc/memory.usage_in_bytes", "100");
    write("memory/docker/abc/memory.max_usage_in_bytes", "700");
    write("memory/docker/abc/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    auto figures = CgroupMemory(root_.string()).read("abc");
    ASSERT_TRUE(figures.has_value());
    EXPECT_EQ(figures->peak, 700);
    EXPECT_EQ(figures->oom_kills, 1);
}

TEST_F(CgroupDir, FallsBackToCurrentUsageWithoutAPeakFile) {
    write("docker/abc/memory.current", "1234");
    auto figures = CgroupMemory(root_.string()).read("abc");
    ASSERT_TRUE(figures.has_value());
    EXPECT_EQ(figures->peak, 1234);
    EXPECT_EQ(figures->oom_kills, 0);
}

TEST_F(CgroupDir, UnknownOrHostileIdsFindNothing) {
    write("docker/abc/memory.current", "1");
    CgroupMemory cgroups(root_.string());
    EXPECT_FALSE(cgroups.read("def").has_value());
    EXPECT_FALSE(cgroups.read("").has_value());
    EXPECT_FALSE(cgroups.read("../docker/abc").has_value());
}

TEST(OomKillCount, ParsesBothFormats) {
    EXPECT_EQ(parse_oom_kill_count("oom 3\noom_kill 3\n"), 3);
    EXPECT_EQ(parse_oom_kill_count("oom_kill_disable 0\nunder_oom 0\n"), 0);
    EXPECT_EQ(parse_oom_kill_count("garbage"), 0);
}

}  // namespace
}  // namespace edge
