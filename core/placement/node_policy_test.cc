// The node policy file: parsing (every bad line reported as FILE:LINE: KEY: ...), the defaults
// the everyday homelab apps need, and the decision for each kind of powerful key.
#include "core/placement/node_policy.h"

#include <gtest/gtest.h>

#include "core/model.h"

namespace edge {
namespace {

const std::string kFile = "/etc/edgeorch/agent-policy.conf";
const std::string kState = "/var/lib/edgeorch";

NodePolicy parsed(const std::string& text) {
    auto policy = parse_node_policy(text, kFile, kState);
    EXPECT_TRUE(policy.ok()) << policy.error().message;
    return policy.ok() ? *policy : NodePolicy{};
}

VolumeMount bind(const std::string& source, bool read_only = false) {
    return {VolumeMount::Kind::kBind, source, "/data", read_only};
}

std::string refusal_of_binds(const NodePolicy& policy, std::vector<VolumeMount> volumes) {
    return policy_refusal(policy, RuntimeOptions{}, volumes);
}

TEST(NodePolicyParseTest, ReadsEveryKeyWithCommentsAndBlankLines) {
    NodePolicy policy = parsed(
        "# homelab pi\n"
        "privileged yes   # the HA supervisor wants it\n"
        "\n"
        "host_network no\n"
        "host_pid yes\n"
        "host_ipc yes\n"
        "devices /dev/ttyUSB /dev/serial/\n"
        "binds /srv /home/pi\n"
        "cap_add net_admin CAP_SYS_TIME\n");
    EXPECT_EQ(policy.source, kFile);
    EXPECT_EQ(policy.privileged, (PolicySwitch{true, 2}));
    EXPECT_EQ(policy.host_network, (PolicySwitch{false, 4}));
    EXPECT_EQ(policy.host_pid, (PolicySwitch{true, 5}));
    EXPECT_EQ(policy.host_ipc, (PolicySwitch{true, 6}));
    EXPECT_EQ(policy.devices, (PolicyList{false, {"/dev/ttyUSB", "/dev/serial/"}, 7}));
    EXPECT_EQ(policy.binds, (PolicyList{false, {"/srv", "/home/pi"}, 8}));
    EXPECT_EQ(policy.cap_add, (PolicyList{false, {"NET_ADMIN", "SYS_TIME"}, 9}));
}

TEST(NodePolicyParseTest, AnEmptyFileIsTheDefaultsFromThatFile) {
    NodePolicy policy = parsed("# nothing changed\n");
    NodePolicy defaults = default_node_policy(kState);
    defaults.source = kFile;
    EXPECT_EQ(policy, defaults);
}

TEST(NodePolicyParseTest, ReportsEveryBadLineWithFileAndLine) {
    auto policy = parse_node_policy(
        "privileged maybe\n"
        "devices\n"
        "binds relative/path\n"
        "gpu yes\n"
        "privileged no\n"
        "cap_add any NET_ADMIN\n"
        "host_network yes no\n",
        kFile, kState);
    ASSERT_FALSE(policy.ok());
    EXPECT_EQ(policy.error().message,
              kFile + ":1: privileged: expected yes or no\n" + kFile +
                  ":2: devices: expected any, none or at least one entry\n" + kFile +
                  ":3: binds: expected absolute paths without \"..\", got relative/path\n" + kFile +
                  ":4: gpu: unknown key; expected privileged, host_network, host_pid, host_ipc, "
                  "devices, binds or cap_add\n" +
                  kFile + ":5: privileged: already set at line 1\n" + kFile +
                  ":6: cap_add: any must stand alone\n" + kFile +
                  ":7: host_network: expected yes or no");
}

TEST(NodePolicyParseTest, RejectsDotDotInPaths) {
    EXPECT_FALSE(parse_node_policy("binds /srv/../etc\n", kFile, kState).ok());
    EXPECT_FALSE(parse_node_policy("devices /dev/../etc\n", kFile, kState).ok());
}

// The defaults keep the everyday homelab apps running.
TEST(NodePolicyDecisionTest, DefaultsAllowTheCommonHomelabApps) {
    NodePolicy policy = default_node_policy(kState);
    RuntimeOptions home_assistant;
    home_assistant.network_mode = "host";
    EXPECT_EQ(policy_refusal(
                  policy, home_assistant,
                  {bind("/srv/ha/config"), bind("/etc/localtime", true), bind("/run/dbus", true)}),
              "");
    RuntimeOptions zigbee2mqtt;
    zigbee2mqtt.devices = {{"/dev/serial/by-id/usb-ITead_Sonoff-if00", "/dev/ttyACM0", "rwm"}};
    EXPECT_EQ(policy_refusal(policy, zigbee2mqtt, {}), "");
    RuntimeOptions pihole;
    pihole.cap_add = {"NET_ADMIN", "SYS_TIME", "SYS_NICE"};
    EXPECT_EQ(policy_refusal(policy, pihole, {}), "");
    RuntimeOptions jellyfin;
    jellyfin.devices = {{"/dev/dri", "/dev/dri", "rwm"}};
    EXPECT_EQ(policy_refusal(policy, jellyfin, {}), "");
    RuntimeOptions wireguard;
    wireguard.devices = {{"/dev/net/tun", "/dev/net/tun", "rwm"}};
    wireguard.cap_add = {"cap_net_admin"};
    EXPECT_EQ(policy_refusal(policy, wireguard, {}), "");
}

TEST(NodePolicyDecisionTest, DefaultsRefuseWhatHandsOverTheHost) {
    NodePolicy policy = default_node_policy(kState);
    RuntimeOptions pid;
    pid.pid = "host";
    EXPECT_EQ(policy_refusal(policy, pid, {}), "refused by the default policy (host_pid no)");
    RuntimeOptions ipc;
    ipc.ipc = "host";
    EXPECT_EQ(policy_refusal(policy, ipc, {}), "refused by the default policy (host_ipc no)");
    RuntimeOptions disk;
    disk.devices = {{"/dev/sda", "/dev/sda", "rwm"}};
    EXPECT_EQ(policy_refusal(policy, disk, {}),
              "refused by the default policy (devices <defaults>): device /dev/sda is not allowed");
    RuntimeOptions sys_admin;
    sys_admin.cap_add = {"SYS_ADMIN"};
    EXPECT_EQ(policy_refusal(policy, sys_admin, {}),
              "refused by the default policy (cap_add <defaults>): capability SYS_ADMIN is not "
              "allowed");
}

TEST(NodePolicyDecisionTest, ProtectedBindsAreRefusedByDefault) {
    NodePolicy policy = default_node_policy(kState);
    for (const std::string source :
         {"/", "/etc", "/etc/", "/var/run/docker.sock", "/run/docker.sock", "/run", "/var",
          "/var/lib/edgeorch", "/var/lib/edgeorch/desired.json", "/var/lib"}) {
        std::string refusal = refusal_of_binds(policy, {bind(source)});
        EXPECT_TRUE(refusal.starts_with("refused by the default policy (binds any): bind " +
                                        source + " exposes protected "))
            << source << ": " << refusal;
    }
    for (const std::string source : {"/srv/app", "/etc/localtime", "/home/pi/photos", "/run/dbus",
                                     "/var/lib/docker-data", "/mnt/nas"}) {
        EXPECT_EQ(refusal_of_binds(policy, {bind(source)}), "") << source;
    }
    // Named volumes and relative sources are not host paths the owner guards.
    EXPECT_EQ(refusal_of_binds(policy, {{VolumeMount::Kind::kNamed, "data", "/data", false}}), "");
}

TEST(NodePolicyDecisionTest, NamingAProtectedPathAllowsIt) {
    NodePolicy policy = parsed("\nbinds any /var/run/docker.sock\n");
    EXPECT_EQ(refusal_of_binds(policy, {bind("/var/run/docker.sock", true)}), "");
    EXPECT_EQ(refusal_of_binds(policy, {bind("/srv/traefik")}), "");
    EXPECT_EQ(refusal_of_binds(policy, {bind("/run/docker.sock")}),
              "refused by " + kFile +
                  ":2 (binds any /var/run/docker.sock): bind /run/docker.sock exposes protected "
                  "/run/docker.sock; name it in a binds line to allow it");
}

TEST(NodePolicyDecisionTest, ABindsListAllowsOnlyWhatItNames) {
    NodePolicy policy = parsed("binds /srv /home/pi\n");
    EXPECT_EQ(refusal_of_binds(policy, {bind("/srv/a"), bind("/home/pi")}), "");
    EXPECT_EQ(refusal_of_binds(policy, {bind("/srvx")}),
              "refused by " + kFile + ":1 (binds /srv /home/pi): bind /srvx is not allowed");
    EXPECT_NE(refusal_of_binds(policy, {bind("/srv/../etc")}), "");
    EXPECT_NE(refusal_of_binds(parsed("binds none\n"), {bind("/srv")}), "");
}

TEST(NodePolicyDecisionTest, EachKindNamesItsLine) {
    NodePolicy policy =
        parsed("privileged yes\nhost_network no\ndevices /dev/ttyUSB\ncap_add none\n");
    RuntimeOptions options;
    options.privileged = true;
    EXPECT_EQ(policy_refusal(policy, options, {}), "");
    options.network_mode = "host";
    EXPECT_EQ(policy_refusal(policy, options, {}), "refused by " + kFile + ":2 (host_network no)");
    options.network_mode = "service:vpn";
    options.devices = {{"/dev/ttyUSB0", "/dev/ttyUSB0", "rwm"}};
    EXPECT_EQ(policy_refusal(policy, options, {}), "");
    options.devices.push_back({"/dev/dri", "/dev/dri", "rwm"});
    EXPECT_EQ(policy_refusal(policy, options, {}),
              "refused by " + kFile + ":3 (devices /dev/ttyUSB): device /dev/dri is not allowed");
    options.devices.pop_back();
    options.cap_add = {"NET_ADMIN"};
    EXPECT_EQ(policy_refusal(policy, options, {}),
              "refused by " + kFile + ":4 (cap_add none): capability NET_ADMIN is not allowed");
    EXPECT_EQ(policy_refusal(parsed("cap_add any\n"), options, {}), "");
    EXPECT_EQ(policy_refusal(parsed("privileged no\n"), options, {}),
              "refused by " + kFile + ":1 (privileged no)");
}

TEST(NodePolicyDecisionTest, DeviceDotDotIsRefusedEvenUnderAnAllowedPrefix) {
    RuntimeOptions options;
    options.devices = {{"/dev/ttyUSB/../sda", "/dev/x", "rwm"}};
    EXPECT_NE(policy_refusal(parsed("devices /dev/ttyUSB\n"), options, {}), "");
}

}  // namespace
}  // namespace edge
