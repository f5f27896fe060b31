#include "schema/placement_runtime_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

DesiredContainer container_with_runtime() {
    DesiredContainer c;
    c.stack = "home";
    c.service = "z2m";
    c.image = "koenkk/zigbee2mqtt";
    c.runtime.privileged = true;
    c.runtime.network_mode = "host";
    c.runtime.devices = {{"/dev/ttyUSB0", "/dev/ttyACM0", "rwm"}};
    c.spec_hash = spec_hash(c);
    return c;
}

TEST(PlacementRuntimeJson, RoundTripsInTheDesiredSetAndChangesTheHash) {
    DesiredSet set{"pi-1", 3, {container_with_runtime()}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
    DesiredContainer plain = set.containers[0];
    plain.runtime = {};
    EXPECT_NE(spec_hash(plain), set.containers[0].spec_hash);
    auto encoded = nlohmann::json::parse(encode_desired({"pi-1", 1, {plain}}));
    EXPECT_FALSE(encoded["containers"][0].contains("runtime"));
}

TEST(PlacementRuntimeJson, RejectsRelativeDevicePaths) {
    auto set = nlohmann::json::parse(encode_desired({"pi-1", 1, {container_with_runtime()}}));
    set["containers"][0]["runtime"]["devices"][0]["host_path"] = "ttyUSB0";
    auto decoded = decode_desired(set.dump());
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("runtime.devices[0].host_path"), std::string::npos);
}

}  // namespace
}  // namespace edge
