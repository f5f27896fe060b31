#include "agent/observe/advertise_address.h"

#include <gtest/gtest.h>

#include "agent/options.h"
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

ParsedCommandLine parse_with_address(const char* address) {
    const char* argv[] = {"edge-agent",
                          "--broker",
                          "mqtt://10.0.0.1:1883",
                          "--node",
                          "pi-1",
                          "--docker",
                          "unix:///run/docker.sock",
                          "--state-dir",
                          "/tmp/x",
                          "--advertise-addr",
                          address};
    return parse_agent_command_line(11, argv);
}

TEST(AdvertiseAddress, CommandLineTakesAnAddressAndRefusesAName) {
    ParsedCommandLine good = parse_with_address("10.0.0.7");
    ASSERT_TRUE(good.run) << good.message;
    EXPECT_EQ(good.options.advertise_addr, "10.0.0.7");
    ParsedCommandLine bad = parse_with_address("pi-1.local");
    EXPECT_FALSE(bad.run);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.message.find("--advertise-addr \"pi-1.local\" is not an IPv4 or IPv6 address"),
              std::string::npos)
        << bad.message;
}

TEST(AdvertiseAddress, BadBrokerUrlIsAnError) {
    EXPECT_FALSE(detect_advertise_address("http://x").ok());
}

}  // namespace
}  // namespace edge
