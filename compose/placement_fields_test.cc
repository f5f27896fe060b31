// The Compose keys placement looks at: devices, network_mode, privileged.
#include "compose/placement_fields.h"

#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::only_service;

TEST(PlacementFieldsTest, ParsesDevicesNetworkModeAndPrivileged) {
    ServiceSpec spec = only_service(R"(services:
  z2m:
    image: koenkk/zigbee2mqtt
    privileged: true
    network_mode: host
    devices:
      - /dev/serial/by-id/usb-ITead-if00:/dev/ttyACM0
      - /dev/dri
      - /dev/ttyUSB1:/dev/zwave:r
)");
    EXPECT_TRUE(spec.runtime.privileged);
    EXPECT_EQ(spec.runtime.network_mode, "host");
    EXPECT_EQ(spec.runtime.devices, (std::vector<DeviceMapping>{
                                        {"/dev/serial/by-id/usb-ITead-if00", "/dev/ttyACM0", "rwm"},
                                        {"/dev/dri", "/dev/dri", "rwm"},
                                        {"/dev/ttyUSB1", "/dev/zwave", "r"}}));
}

TEST(PlacementFieldsTest, ServiceNetworkModeAndBridge) {
    EXPECT_EQ(only_service("services:\n  t:\n    image: x\n    network_mode: service:vpn\n")
                  .runtime.network_mode,
              "service:vpn");
    EXPECT_EQ(only_service("services:\n  t:\n    image: x\n    network_mode: bridge\n")
                  .runtime.network_mode,
              "");
}

TEST(PlacementFieldsTest, BadValuesNameFileLineAndKey) {
    EXPECT_EQ(error_of("services:\n  t:\n    image: x\n    network_mode: container:abc\n"),
              "compose.yaml:4: services.t.network_mode: expected host, none, bridge or "
              "service:NAME, got \"container:abc\"");
    EXPECT_NE(error_of("services:\n  t:\n    image: x\n    devices: [sda]\n")
                  .find("compose.yaml:4: services.t.devices[0]: expected HOST"),
              std::string::npos);
    EXPECT_NE(error_of("services:\n  t:\n    image: x\n    devices: [\"/dev/a:/b:rx\"]\n")
                  .find("services.t.devices[0]"),
              std::string::npos);
    EXPECT_NE(error_of("services:\n  t:\n    image: x\n    privileged: maybe\n")
                  .find("compose.yaml:4: services.t.privileged"),
              std::string::npos);
}

}  // namespace
}  // namespace edge
