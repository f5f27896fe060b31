#include "agent/observe/device_scan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edge {
namespace {

namespace fs = std::filesystem;

class DeviceScanTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ =
            fs::temp_directory_path() /
            ("device-scan-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "dev");
    }
    void TearDown() override { fs::remove_all(root_); }

    void touch(const std::string& path) {
        fs::create_directories((root_ / fs::path(path).relative_path()).parent_path());
        std::ofstream(root_ / fs::path(path).relative_path()) << "";
    }

    fs::path root_;
};

TEST_F(DeviceScanTest, FindsEachClassAndNothingElse) {
    for (const char* path : {"/dev/ttyUSB0", "/dev/ttyACM1", "/dev/dri/card0",
                             "/dev/dri/renderD128", "/dev/net/tun", "/dev/video0", "/dev/gpiochip0",
                             "/dev/i2c-1", "/dev/sda", "/dev/null", "/dev/tty1", "/dev/mem"}) {
        touch(path);
    }
    fs::create_directories(root_ / "dev/serial/by-id");
    fs::create_symlink("../../ttyUSB0",
                       root_ / "dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0-if00-port0");
    EXPECT_EQ(scan_devices(root_.string()),
              (std::vector<std::string>{"/dev/dri", "/dev/dri/card0", "/dev/dri/renderD128",
                                        "/dev/gpiochip0", "/dev/i2c-1", "/dev/net/tun",
                                        "/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0-if00-port0",
                                        "/dev/ttyACM1", "/dev/ttyUSB0", "/dev/video0"}));
}

TEST_F(DeviceScanTest, ADanglingByIdLinkIsAStickThatWasPulledOut) {
    fs::create_directories(root_ / "dev/serial/by-id");
    fs::create_symlink("../../ttyUSB0", root_ / "dev/serial/by-id/usb-gone");
    EXPECT_TRUE(scan_devices(root_.string()).empty());
    touch("/dev/ttyUSB0");
    EXPECT_EQ(scan_devices(root_.string()),
              (std::vector<std::string>{"/dev/serial/by-id/usb-gone", "/dev/ttyUSB0"}));
}

TEST_F(DeviceScanTest, DeclaredDevicesAreAddedSortedWithoutDuplicates) {
    touch("/dev/ttyUSB0");
    EXPECT_EQ(scan_devices(root_.string(), {"/dev/zwave", "/dev/ttyUSB0"}),
              (std::vector<std::string>{"/dev/ttyUSB0", "/dev/zwave"}));
}

TEST_F(DeviceScanTest, AMissingRootFindsOnlyDeclaredDevices) {
    EXPECT_EQ(scan_devices((root_ / "nope").string(), {"/dev/x"}),
              (std::vector<std::string>{"/dev/x"}));
}

TEST_F(DeviceScanTest, StopsAtTheLimit) {
    for (size_t i = 0; i < kMaxScannedDevices + 20; ++i) touch("/dev/ttyUSB" + std::to_string(i));
    EXPECT_EQ(scan_devices(root_.string()).size(), kMaxScannedDevices);
}

}  // namespace
}  // namespace edge
