// Runtime options and volume options: they round-trip, a default-valued set encodes to nothing
// (so existing specs keep their hashes), and bad values are refused with the field's name.
#include "schema/runtime_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

using nlohmann::json;

RuntimeOptions every_option() {
    RuntimeOptions r;
    r.privileged = true;
    r.cap_add = {"NET_ADMIN"};
    r.cap_drop = {"ALL"};
    r.security_opt = {"no-new-privileges:true"};
    r.sysctls = {{"net.ipv4.ip_forward", "1"}};
    r.ulimits = {{"nofile", 1024, 2048}, {"memlock", -1, -1}};
    r.devices = {{"/dev/ttyUSB0", "/dev/zigbee", "rw"}};
    r.pid = "host";
    r.ipc = "shareable";
    r.read_only = true;
    r.shm_size = 64 * 1024 * 1024;
    r.network_mode = "service:vpn";
    r.hostname = "photos";
    r.domainname = "home.lan";
    r.extra_hosts = {{"nas.lan", "192.168.1.10"}, {"gw", "host-gateway"}};
    r.dns = {"1.1.1.1", "fd00::1"};
    r.dns_search = {"home.lan"};
    r.user = "1000:1000";
    r.group_add = {"video", "44"};
    r.working_dir = "/app";
    r.init = false;
    r.stop_signal = "SIGINT";
    r.stop_grace_period_ms = 90000;
    r.tty = true;
    r.stdin_open = true;
    r.labels = {{"com.example.role", "web"}};
    r.logging = LogSettings{"json-file", {{"max-size", "5m"}}};
    return r;
}

DesiredContainer plain_container() {
    DesiredContainer c;
    c.stack = "home";
    c.service = "web";
    c.image = "busybox";
    c.volumes = {{VolumeMount::Kind::kBind, "/srv", "/srv", false}};
    return c;
}

std::string runtime_payload_with(const std::string& field, const std::string& value) {
    DesiredContainer c = plain_container();
    c.runtime = every_option();
    auto object = json::parse(encode_desired({"pi-1", 1, {c}}));
    object["containers"][0]["runtime"][field] = json::parse(value);
    return object.dump();
}

TEST(RuntimeJson, ServiceAndContainerRoundTrip) {
    ServiceSpec s;
    s.name = "web";
    s.image = "busybox";
    s.runtime = every_option();
    s.volumes = {
        {VolumeMount::Kind::kBind, "/run/udev", "/run/udev", true, "rslave", "z", true},
        {VolumeMount::Kind::kNamed, "data", "/data", false, "", "", false, true},
        {VolumeMount::Kind::kTmpfs, "", "/tmp", false, "", "", false, false, 1 << 20, 01777}};
    auto service = service_from_json(service_to_json(s));
    ASSERT_TRUE(service.ok()) << service.error().message;
    EXPECT_EQ(*service, s);

    DesiredContainer c = plain_container();
    c.runtime = every_option();
    c.runtime.network_mode = "container:edge-pi-1-home-vpn-1";
    c.volumes = s.volumes;
    DesiredSet set{"pi-1", 2, {c}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

TEST(RuntimeJson, DefaultOptionsEncodeToNothing) {
    // Exactly the text these containers had before runtime and volume options existed, so
    // their spec hashes, and their running containers, stay.
    DesiredContainer c = plain_container();
    json object = json::parse(encode_desired({"pi-1", 1, {c}}))["containers"][0];
    EXPECT_FALSE(object.contains("runtime"));
    EXPECT_EQ(
        object["volumes"][0],
        json({{"type", "bind"}, {"source", "/srv"}, {"target", "/srv"}, {"read_only", false}}));
    ServiceSpec s;
    s.name = "web";
    s.image = "busybox";
    EXPECT_FALSE(service_to_json(s).contains("runtime"));
}

TEST(RuntimeJson, EachOptionChangesTheSpecHash) {
    DesiredContainer c = plain_container();
    std::string plain = spec_hash(c);
    c.runtime.cap_add = {"NET_ADMIN"};
    EXPECT_NE(spec_hash(c), plain);
    DesiredContainer bound = plain_container();
    bound.volumes[0].propagation = "rslave";
    EXPECT_NE(spec_hash(bound), plain);
}

TEST(RuntimeJson, BadOptionsAreRefused) {
    struct Case {
        const char* field;
        const char* value;
    };
    for (const Case& bad : std::vector<Case>{
             {"privileged", "\"yes\""},
             {"cap_add", "[\"net admin\"]"},
             {"cap_add", "\"NET_ADMIN\""},
             {"sysctls", "{\"a\": 1}"},
             {"ulimits", "[{\"name\": \"nofile\", \"soft\": -2, \"hard\": 1}]"},
             {"devices", "[{\"host\": \"dev/x\", \"container\": \"/x\", \"permissions\": \"rw\"}]"},
             {"devices",
              "[{\"host\": \"/dev/x\", \"container\": \"/x\", \"permissions\": \"rx\"}]"},
             {"pid", "\"container:x\""},
             {"ipc", "\"shared\""},
             {"shm_size", "-1"},
             {"network_mode", "\"bridge\""},
             {"network_mode", "\"container:a/b\""},
             {"network_mode", "\"service:Not Valid\""},
             {"hostname", "\"a b\""},
             {"extra_hosts", "[{\"name\": \"nas\", \"address\": \"nas.lan\"}]"},
             {"dns", "[\"dns.google\"]"},
             {"working_dir", "\"app\""},
             {"init", "1"},
             {"stop_grace_period_ms", "-5"},
             {"labels", "{\"a\": [1]}"},
             {"logging", "{\"driver\": 3}"},
         }) {
        auto decoded = decode_desired(runtime_payload_with(bad.field, bad.value));
        ASSERT_FALSE(decoded.ok()) << bad.field << " " << bad.value;
        EXPECT_NE(decoded.error().message.find("runtime." + std::string(bad.field)),
                  std::string::npos)
            << decoded.error().message;
    }
    // A service's spec never names a node's container: only the hub resolves service:NAME.
    ServiceSpec s;
    s.name = "web";
    s.image = "busybox";
    s.runtime.network_mode = "container:edge-pi-1-home-vpn-1";
    auto service = service_from_json(service_to_json(s));
    ASSERT_FALSE(service.ok());
    EXPECT_EQ(service.error().message,
              "field \"service.runtime.network_mode\": expected host, none or service:NAME");
}

TEST(RuntimeJson, BadVolumeOptionsAreRefused) {
    for (const auto& [field, value] :
         std::vector<std::pair<std::string, json>>{{"propagation", "up"},
                                                   {"selinux_label", "x"},
                                                   {"tmpfs_mode", 070000},
                                                   {"tmpfs_size", -1},
                                                   {"no_copy", "yes"}}) {
        auto object = json::parse(encode_desired({"pi-1", 1, {plain_container()}}));
        object["containers"][0]["volumes"][0][field] = value;
        auto decoded = decode_desired(object.dump());
        ASSERT_FALSE(decoded.ok()) << field;
        EXPECT_NE(decoded.error().message.find("volumes[0]." + field), std::string::npos)
            << decoded.error().message;
    }
}

}  // namespace
}  // namespace edge
