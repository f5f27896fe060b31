#include "agent/advertise_address.h"

#include <gtest/gtest.h>

#include "schema/network_json.h"

namespace edge {
namespace {

TEST(AdvertiseAddress, OnlyAddressesAreAccepted) {
    EXPECT_TRUE(validate_advertise_address("192.168.1.20").ok());
    EXPECT_TRUE(validate_advertise_address("fd00::20").ok());
    for (const char* bad : {"", "pi-1.local", "192.168.1.300", "10.0.0.1:80", "10.0.0.1 x"}) {
        Status status = validate_advertise_address(bad);
        ASSERT_FALSE(status.ok()) << bad;
        EXPECT_NE(status.error().message.find("--advertise-addr"), std::string::npos);
    }
}

TEST(AdvertiseAddress, DetectionTowardsALoopbackBrokerStillGivesAnAddress) {
    // Connecting a UDP socket sends nothing. A broker on loopback means the agent shares the
    // hub's machine; the detection then names an interface address, or explains why not.
    auto address = detect_advertise_address("mqtt://127.0.0.1:1883");
    if (address.ok()) {
        EXPECT_TRUE(is_address_text(*address)) << *address;
        EXPECT_FALSE(address->starts_with("127."));
    } else {
        EXPECT_NE(address.error().message.find("--advertise-addr"), std::string::npos);
    }
}

TEST(AdvertiseAddress, BadBrokerUrlIsAnError) {
    EXPECT_FALSE(detect_advertise_address("http://x").ok());
}

}  // namespace
}  // namespace edge
