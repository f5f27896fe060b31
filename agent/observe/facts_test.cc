#include "agent/observe/facts.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace edge {
namespace {

namespace fs = std::filesystem;

// A scratch proc/sys tree that mimics a Raspberry Pi with an SD card and a USB SSD.
class FactsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/edge-facts.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        root_ = pattern;
        write("proc/meminfo",
              "MemTotal:        3884096 kB\nMemFree:          123456 kB\n"
              "MemAvailable:    2884096 kB\n");
        write("proc/device-tree/model", std::string("Raspberry Pi 4 Model B Rev 1.4\0", 31));
        write("sys/block/mmcblk0/device/type", "SD\n");
        write("sys/block/mmcblk1/device/type", "MMC\n");
        write("sys/block/sda/queue/rotational", "0\n");
        write("sys/block/sdb/queue/rotational", "1\n");
    }
    void TearDown() override { fs::remove_all(root_); }

    void write(const std::string& relative, const std::string& content) {
        fs::path path = root_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    fs::path root_;
};

TEST_F(FactsTest, ReadsMemoryAndModel) {
    NodeFacts facts = detect_facts({.proc_root = root_ / "proc", .sys_root = root_ / "sys"});
    EXPECT_EQ(facts.memory_total, 3884096LL * 1024);
    EXPECT_EQ(facts.model, "Raspberry Pi 4 Model B Rev 1.4");
    EXPECT_GT(facts.cpus, 0);
    EXPECT_FALSE(facts.arch.empty());
    EXPECT_EQ(memory_used((root_ / "proc").string()), (3884096LL - 2884096LL) * 1024);
}

TEST_F(FactsTest, ClassifiesDisks) {
    std::string sys = (root_ / "sys").string();
    EXPECT_EQ(storage_kind_of_disk(sys, "mmcblk0"), StorageKind::kSd);
    EXPECT_EQ(storage_kind_of_disk(sys, "mmcblk1"), StorageKind::kEmmc);
    EXPECT_EQ(storage_kind_of_disk(sys, "sda"), StorageKind::kSsd);
    EXPECT_EQ(storage_kind_of_disk(sys, "sdb"), StorageKind::kHdd);
    EXPECT_EQ(storage_kind_of_disk(sys, "nvme9n1"), StorageKind::kUnknown);
}

TEST_F(FactsTest, MissingFilesLeaveZeroValues) {
    NodeFacts facts = detect_facts({.proc_root = root_ / "nothing", .sys_root = root_ / "none"});
    EXPECT_EQ(facts.memory_total, 0);
    EXPECT_EQ(facts.model, "");
    EXPECT_EQ(facts.storage, StorageKind::kUnknown);
    EXPECT_EQ(memory_used((root_ / "nothing").string()), 0);
}

TEST(FactsOverridesTest, FlagsReplaceDetectedValues) {
    NodeFacts detected{8LL << 30, "amd64", 4, StorageKind::kSsd, "NUC"};
    FactsOverrides overrides;
    overrides.memory_total = 2LL << 30;
    overrides.arch = "arm64";
    overrides.storage = StorageKind::kSd;
    NodeFacts facts = apply_overrides(detected, overrides);
    EXPECT_EQ(facts.memory_total, 2LL << 30);
    EXPECT_EQ(facts.arch, "arm64");
    EXPECT_EQ(facts.cpus, 4);  // not overridden
    EXPECT_EQ(facts.storage, StorageKind::kSd);
    EXPECT_EQ(facts.model, "NUC");
}

TEST(FactsArchTest, MapsUnameToDockerNames) {
    EXPECT_EQ(docker_arch("x86_64"), "amd64");
    EXPECT_EQ(docker_arch("aarch64"), "arm64");
    EXPECT_EQ(docker_arch("armv7l"), "arm");
    EXPECT_EQ(docker_arch("armv6l"), "arm");
    EXPECT_EQ(docker_arch("riscv64"), "riscv64");
}

TEST(FactsMeminfoTest, ParsesValues) {
    std::string meminfo = "MemTotal: 1000 kB\nHugePages_Total: 0\n";
    EXPECT_EQ(meminfo_value(meminfo, "MemTotal"), 1024000);
    EXPECT_EQ(meminfo_value(meminfo, "HugePages_Total"), 0);
    EXPECT_EQ(meminfo_value(meminfo, "MemAvailable"), std::nullopt);
}

}  // namespace
}  // namespace edge
