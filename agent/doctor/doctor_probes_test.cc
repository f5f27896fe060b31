// The doctor's probes against prepared /proc, /sys and /boot trees, a real Mosquitto, and a
// socket nobody listens on.
#include "agent/doctor/doctor_probes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bus/testing/mosquitto_fixture.h"

namespace edge {
namespace {

namespace fs = std::filesystem;

class DoctorProbesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("edge-doctor-" + std::to_string(getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        roots_ = {.proc = (root_ / "proc").string(),
                  .sys = (root_ / "sys").string(),
                  .boot = (root_ / "boot").string()};
    }
    void TearDown() override { fs::remove_all(root_); }

    void write(const fs::path& relative, const std::string& text) {
        fs::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative) << text;
    }

    fs::path root_;
    NodeRoots roots_;
};

TEST_F(DoctorProbesTest, FindsTheBootCmdlineOfEitherRaspberryPiOsLayout) {
    write("boot/firmware/cmdline.txt", "console=tty1\n");
    EXPECT_EQ(boot_cmdline_file(roots_.boot), (root_ / "boot/firmware/cmdline.txt").string());
    fs::remove_all(root_ / "boot");
    write("boot/cmdline.txt", "console=tty1\n");
    EXPECT_EQ(boot_cmdline_file(roots_.boot), (root_ / "boot/cmdline.txt").string());
}

TEST_F(DoctorProbesTest, AgentRefusesWithoutMemoryCgroupAndSaysWhy) {
    write("proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t0\t1\t0\n");
    write("proc/cmdline", "console=tty1 cgroup_disable=memory\n");
    write("proc/device-tree/model", std::string("Raspberry Pi 4 Model B Rev 1.4") + '\0');
    write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io pids\n");
    write("boot/firmware/cmdline.txt", "console=tty1\n");
    Status refused = require_memory_cgroup(roots_);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("refusing to start containers"), std::string::npos);
    EXPECT_NE(refused.error().message.find("cgroup_enable=memory cgroup_memory=1"),
              std::string::npos);

    write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
    EXPECT_TRUE(require_memory_cgroup(roots_).ok());
}

TEST_F(DoctorProbesTest, StorageOfAStateDirectoryNotMadeYetIsItsDisk) {
    fs::create_directories(root_);
    StorageFacts facts = read_storage((root_ / "not/made/yet").string(), StorageKind::kSsd);
    EXPECT_GT(facts.total_bytes, 0);
    EXPECT_GT(facts.free_bytes, 0);
}

TEST_F(DoctorProbesTest, EngineSocketNobodyListensOn) {
    EngineFacts facts = probe_engine("unix://" + (root_ / "docker.sock").string());
    EXPECT_FALSE(facts.transport_error.empty());
    EXPECT_FALSE(probe_engine("tcp://127.0.0.1:2375").transport_error.empty());
}

TEST_F(DoctorProbesTest, BrokerReachableAndUnreachable) {
    testing::MosquittoProcess broker;
    if (!broker.available()) GTEST_SKIP() << "mosquitto is not installed";
    ASSERT_TRUE(broker.start());
    AgentOptions options;
    options.node = "pi1";
    options.broker_url = broker.url();
    BrokerFacts reached = probe_broker(options, std::chrono::seconds(5));
    EXPECT_TRUE(reached.connected) << reached.error;
    EXPECT_EQ(reached.reason_code, 0);

    broker.stop();
    BrokerFacts refused = probe_broker(options, std::chrono::seconds(5));
    EXPECT_FALSE(refused.connected);
    EXPECT_FALSE(refused.error.empty());
}

}  // namespace
}  // namespace edge
