// Each runtime option's place in the Engine API's create body, the default log rotation, and
// network modes that replace the stack's network.
#include "agent/engine/docker_runtime_api.h"

#include <gtest/gtest.h>

#include "agent/engine/docker_api.h"

namespace edge {
namespace {

using nlohmann::json;

ContainerCreateSpec networked_spec() {
    ContainerCreateSpec spec;
    spec.name = "edge-home-web-1.pi1";
    spec.node = "pi1";
    spec.generation = 3;
    DesiredContainer& c = spec.container;
    c.stack = "home";
    c.service = "web";
    c.replica = 1;
    c.image = "busybox";
    c.ports = {{80, 8080, "tcp", ""}};
    c.network = "edge-home.pi1";
    c.aliases = {"web"};
    c.extra_hosts = {{"db", "10.0.0.9"}};
    c.spec_hash = "abc";
    return spec;
}

TEST(DockerRuntimeApi, EveryOptionHasItsField) {
    ContainerCreateSpec spec = networked_spec();
    RuntimeOptions& r = spec.container.runtime;
    r.privileged = true;
    r.cap_add = {"NET_ADMIN"};
    r.cap_drop = {"MKNOD"};
    r.security_opt = {"no-new-privileges:true"};
    r.sysctls = {{"net.ipv4.ip_forward", "1"}};
    r.ulimits = {{"nofile", 1024, 2048}};
    r.shm_size = 1 << 26;
    r.devices = {{"/dev/ttyUSB0", "/dev/zigbee", "rw"}};
    r.pid = "host";
    r.ipc = "host";
    r.read_only = true;
    r.hostname = "photos";
    r.domainname = "home.lan";
    r.extra_hosts = {{"nas.lan", "192.168.1.10"}};
    r.dns = {"1.1.1.1"};
    r.dns_search = {"home.lan"};
    r.user = "1000:1000";
    r.group_add = {"video"};
    r.working_dir = "/app";
    r.init = true;
    r.stop_signal = "SIGINT";
    r.stop_grace_period_ms = 90500;
    r.tty = true;
    r.stdin_open = true;
    r.labels = {{"com.example.role", "web"}, {"edgeorch.stack", "spoof"}};
    r.logging = LogSettings{"syslog", {{"tag", "web"}}};

    json body = create_container_body(spec);
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["Privileged"], true);
    EXPECT_EQ(host["CapAdd"], json({"NET_ADMIN"}));
    EXPECT_EQ(host["CapDrop"], json({"MKNOD"}));
    EXPECT_EQ(host["SecurityOpt"], json({"no-new-privileges:true"}));
    EXPECT_EQ(host["Sysctls"], json({{"net.ipv4.ip_forward", "1"}}));
    EXPECT_EQ(host["Ulimits"], json::parse(R"([{"Name":"nofile","Soft":1024,"Hard":2048}])"));
    EXPECT_EQ(host["ShmSize"], 1 << 26);
    EXPECT_EQ(host["Devices"], json::parse(R"([{"PathOnHost":"/dev/ttyUSB0",
        "PathInContainer":"/dev/zigbee","CgroupPermissions":"rw"}])"));
    EXPECT_EQ(host["PidMode"], "host");
    EXPECT_EQ(host["IpcMode"], "host");
    EXPECT_EQ(host["ReadonlyRootfs"], true);
    EXPECT_EQ(host["Init"], true);
    EXPECT_EQ(host["GroupAdd"], json({"video"}));
    EXPECT_EQ(host["Dns"], json({"1.1.1.1"}));
    EXPECT_EQ(host["DnsSearch"], json({"home.lan"}));
    // The user's lines first, then networking's.
    EXPECT_EQ(host["ExtraHosts"], json({"nas.lan:192.168.1.10", "db:10.0.0.9"}));
    EXPECT_EQ(host["LogConfig"], json::parse(R"({"Type":"syslog","Config":{"tag":"web"}})"));
    EXPECT_EQ(host["NetworkMode"], "edge-home.pi1");  // the stack's network is kept

    EXPECT_EQ(body["User"], "1000:1000");
    EXPECT_EQ(body["WorkingDir"], "/app");
    EXPECT_EQ(body["Hostname"], "photos");
    EXPECT_EQ(body["Domainname"], "home.lan");
    EXPECT_EQ(body["StopSignal"], "SIGINT");
    EXPECT_EQ(body["StopTimeout"], 91);  // rounded up
    EXPECT_EQ(body["Tty"], true);
    EXPECT_EQ(body["OpenStdin"], true);
    EXPECT_EQ(body["Labels"]["com.example.role"], "web");
    EXPECT_EQ(body["Labels"]["edgeorch.stack"], "home");  // edgeorch's own label wins
    EXPECT_EQ(body["Labels"]["edgeorch.spec-hash"], "abc");
}

TEST(DockerRuntimeApi, DefaultOptionsAddOnlyBoundedLogs) {
    json body = create_container_body(networked_spec());
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["LogConfig"],
              json::parse(R"({"Type":"json-file","Config":{"max-size":"10m","max-file":"3"}})"));
    for (const char* key : {"Privileged", "CapAdd", "Devices", "PidMode", "Init", "Dns"}) {
        EXPECT_FALSE(host.contains(key)) << key;
    }
    for (const char* key : {"User", "WorkingDir", "Hostname", "StopSignal", "StopTimeout", "Tty"}) {
        EXPECT_FALSE(body.contains(key)) << key;
    }
}

TEST(DockerRuntimeApi, LogRotationDefaults) {
    // json-file without a size gets the bounds; sizes given are kept; other drivers as given.
    EXPECT_EQ(log_config_body(LogSettings{"json-file", {}})["Config"],
              json({{"max-size", "10m"}, {"max-file", "3"}}));
    EXPECT_EQ(log_config_body(LogSettings{"json-file", {{"max-file", "5"}}})["Config"],
              json({{"max-size", "10m"}, {"max-file", "5"}}));
    EXPECT_EQ(log_config_body(LogSettings{"json-file", {{"max-size", "1m"}}})["Config"],
              json({{"max-size", "1m"}}));
    EXPECT_EQ(log_config_body(LogSettings{"local", {}}),
              json::parse(R"({"Type":"local","Config":{}})"));
    EXPECT_EQ(log_config_body(LogSettings{"journald", {{"tag", "x"}}}),
              json::parse(R"({"Type":"journald","Config":{"tag":"x"}})"));
}

TEST(DockerRuntimeApi, HostNetworkReplacesTheStackNetwork) {
    ContainerCreateSpec spec = networked_spec();
    spec.container.runtime.network_mode = "host";
    spec.container.runtime.extra_hosts = {{"nas", "10.0.0.5"}};
    json body = create_container_body(spec);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "host");
    EXPECT_FALSE(body.contains("NetworkingConfig"));
    EXPECT_FALSE(body["HostConfig"].contains("PortBindings"));
    EXPECT_EQ(body["HostConfig"]["ExtraHosts"], json({"nas:10.0.0.5"}));

    spec.container.runtime.network_mode = "none";
    body = create_container_body(spec);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "none");
    EXPECT_FALSE(body.contains("NetworkingConfig"));
}

TEST(DockerRuntimeApi, SharedNamespaceDropsWhatTheEngineRefuses) {
    ContainerCreateSpec spec = networked_spec();
    RuntimeOptions& r = spec.container.runtime;
    r.network_mode = "container:edge-home-vpn-1.pi1";
    r.hostname = "web";
    r.dns = {"1.1.1.1"};
    r.extra_hosts = {{"nas", "10.0.0.5"}};
    json body = create_container_body(spec);
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["NetworkMode"], "container:edge-home-vpn-1.pi1");
    EXPECT_FALSE(body.contains("NetworkingConfig"));
    EXPECT_FALSE(body.contains("ExposedPorts"));
    EXPECT_FALSE(body.contains("Hostname"));
    for (const char* key : {"PortBindings", "ExtraHosts", "Dns", "DnsSearch"}) {
        EXPECT_FALSE(host.contains(key)) << key;
    }
    // Unresolved by the hub: the container name the replica would need on this node.
    r.network_mode = "service:vpn";
    body = create_container_body(spec);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "container:edge-home-vpn-1.pi1");
}

TEST(DockerRuntimeApi, MountOptions) {
    using Kind = VolumeMount::Kind;
    EXPECT_EQ(mount_body({Kind::kBind, "/run/udev", "/run/udev", true, "rslave"}),
              json::parse(R"({"Type":"bind","Source":"/run/udev","Target":"/run/udev",
                  "ReadOnly":true,"BindOptions":{"Propagation":"rslave"}})"));
    EXPECT_EQ(mount_body({Kind::kNamed, "data", "/data", false, "", "", false, true}),
              json::parse(R"({"Type":"volume","Source":"data","Target":"/data",
                  "ReadOnly":false,"VolumeOptions":{"NoCopy":true}})"));
    EXPECT_EQ(mount_body({Kind::kTmpfs, "", "/tmp", false, "", "", false, false, 1 << 20, 01777}),
              json::parse(R"({"Type":"tmpfs","Target":"/tmp","ReadOnly":false,
                  "TmpfsOptions":{"SizeBytes":1048576,"Mode":1023}})"));

    // SELinux labels and making the host path need the Binds syntax.
    ContainerCreateSpec spec = networked_spec();
    spec.container.volumes = {{Kind::kBind, "/srv/db", "/db", false, "rslave", "Z"},
                              {Kind::kBind, "/srv/new", "/new", true, "", "", true},
                              {Kind::kBind, "/srv/plain", "/plain", false}};
    json body = create_container_body(spec);
    EXPECT_EQ(body["HostConfig"]["Binds"], json({"/srv/db:/db:rw,Z,rslave", "/srv/new:/new:ro"}));
    ASSERT_EQ(body["HostConfig"]["Mounts"].size(), 1u);
    EXPECT_EQ(body["HostConfig"]["Mounts"][0]["Source"], "/srv/plain");
}

TEST(DockerRuntimeApi, InspectReadsTheStopTimeout) {
    auto details = parse_container_inspect(R"({"Id":"x","Config":{"StopTimeout":90}})");
    ASSERT_TRUE(details.ok());
    EXPECT_EQ(details->stop_timeout_seconds, 90);
    details = parse_container_inspect(R"({"Id":"x","Config":{}})");
    ASSERT_TRUE(details.ok());
    EXPECT_EQ(details->stop_timeout_seconds, -1);
}

}  // namespace
}  // namespace edge
