// The everyday runtime keys: what each reads into RuntimeOptions, and each bad input with its
// file, line and key.
#include "compose/fields/runtime_fields.h"

#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::parse_ok;
using Words = std::vector<std::string>;

// One service `web` with `lines` (indented under it) and a memory limit.
std::string web(const std::string& lines) {
    return "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n" + lines;
}

RuntimeOptions runtime_of(const std::string& lines) {
    ParsedStack parsed = parse_ok(web(lines));
    EXPECT_EQ(parsed.warnings, Words{}) << lines;
    return parsed.stack.services.empty() ? RuntimeOptions{} : parsed.stack.services[0].runtime;
}

const char* const kEverything = R"(    privileged: true
    cap_add: [NET_ADMIN, CAP_SYS_TIME]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true", "apparmor=unconfined"]
    sysctls: ["net.ipv4.ip_forward=1"]
    ulimits:
      nofile: {soft: 1024, hard: 2048}
      nproc: 65535
    shm_size: 256m
    devices: ["/dev/ttyUSB0:/dev/zigbee:rw", "/dev/dri", {source: /dev/net/tun}]
    user: "1000:1000"
    working_dir: /app
    hostname: photos
    domainname: home.lan
    extra_hosts: ["nas.lan:192.168.1.10", "v6=::1", "gw:host-gateway"]
    dns: 1.1.1.1
    dns_search: [home.lan]
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    read_only: true
    group_add: [video, 44]
    labels: {com.example.role: web}
    tty: true
    stdin_open: true
    pid: host
    ipc: host
    logging: {driver: json-file, options: {max-size: 5m, max-file: 2}}
)";

TEST(RuntimeFields, EveryKeyIsRead) {
    RuntimeOptions r = runtime_of(kEverything);
    EXPECT_TRUE(r.privileged);
    EXPECT_EQ(r.cap_add, (Words{"NET_ADMIN", "CAP_SYS_TIME"}));
    EXPECT_EQ(r.cap_drop, Words{"ALL"});
    EXPECT_EQ(r.security_opt, (Words{"no-new-privileges:true", "apparmor=unconfined"}));
    EXPECT_EQ(r.sysctls, (std::map<std::string, std::string>{{"net.ipv4.ip_forward", "1"}}));
    EXPECT_EQ(r.ulimits, (std::vector<Ulimit>{{"nofile", 1024, 2048}, {"nproc", 65535, 65535}}));
    EXPECT_EQ(r.shm_size, 256 * 1024 * 1024);
    EXPECT_EQ(r.devices, (std::vector<DeviceMapping>{{"/dev/ttyUSB0", "/dev/zigbee", "rw"},
                                                     {"/dev/dri", "/dev/dri", "rwm"},
                                                     {"/dev/net/tun", "/dev/net/tun", "rwm"}}));
    EXPECT_EQ(r.user, "1000:1000");
    EXPECT_EQ(r.working_dir, "/app");
    EXPECT_EQ(r.hostname, "photos");
    EXPECT_EQ(r.domainname, "home.lan");
    EXPECT_EQ(r.extra_hosts,
              (std::vector<ExtraHost>{
                  {"nas.lan", "192.168.1.10"}, {"v6", "::1"}, {"gw", "host-gateway"}}));
    EXPECT_EQ(r.dns, Words{"1.1.1.1"});
    EXPECT_EQ(r.dns_search, Words{"home.lan"});
    EXPECT_EQ(r.init, true);
    EXPECT_EQ(r.stop_signal, "SIGINT");
    EXPECT_EQ(r.stop_grace_period_ms, 90000);
    EXPECT_TRUE(r.read_only);
    EXPECT_EQ(r.group_add, (Words{"video", "44"}));
    EXPECT_EQ(r.labels, (std::map<std::string, std::string>{{"com.example.role", "web"}}));
    EXPECT_TRUE(r.tty);
    EXPECT_TRUE(r.stdin_open);
    EXPECT_EQ(r.pid, "host");
    EXPECT_EQ(r.ipc, "host");
    ASSERT_TRUE(r.logging);
    EXPECT_EQ(r.logging->driver, "json-file");
    EXPECT_EQ(r.logging->options,
              (std::map<std::string, std::string>{{"max-size", "5m"}, {"max-file", "2"}}));
}

TEST(RuntimeFields, ListAndMapSpellingsAgree) {
    EXPECT_EQ(runtime_of("    sysctls: {net.core.somaxconn: 1024}\n").sysctls,
              runtime_of("    sysctls: [net.core.somaxconn=1024]\n").sysctls);
    EXPECT_EQ(runtime_of("    labels: [a=b, c]\n").labels,
              (std::map<std::string, std::string>{{"a", "b"}, {"c", ""}}));
    EXPECT_EQ(runtime_of("    extra_hosts: {nas: 10.0.0.2}\n").extra_hosts,
              runtime_of("    extra_hosts: [\"nas=10.0.0.2\"]\n").extra_hosts);
    EXPECT_EQ(runtime_of("    dns_search: home.lan\n").dns_search, Words{"home.lan"});
    EXPECT_EQ(runtime_of("    init: false\n").init, false);
    EXPECT_EQ(runtime_of("    logging: {driver: local}\n").logging, (LogSettings{"local", {}}));
}

TEST(RuntimeFields, NetworkModes) {
    EXPECT_EQ(runtime_of("    network_mode: host\n").network_mode, "host");
    EXPECT_EQ(runtime_of("    network_mode: none\n").network_mode, "none");
    EXPECT_EQ(runtime_of("    network_mode: bridge\n").network_mode, "");
    ParsedStack parsed = parse_ok(web("    network_mode: service:vpn\n") +
                                  "  vpn:\n    image: gluetun\n    mem_limit: 1g\n");
    ASSERT_EQ(parsed.stack.services.size(), 2u);
    EXPECT_EQ(parsed.stack.services[0].runtime.network_mode, "service:vpn");
    // As in Compose, the service whose namespace is shared starts first.
    EXPECT_EQ(parsed.stack.services[0].depends_on, Words{"vpn"});
}

TEST(RuntimeFields, TmpfsBecomesMounts) {
    ParsedStack parsed = parse_ok(web("    tmpfs: [/run, \"/tmp:size=64m,mode=1777\"]\n"));
    ASSERT_EQ(parsed.stack.services.size(), 1u);
    const auto& volumes = parsed.stack.services[0].volumes;
    ASSERT_EQ(volumes.size(), 2u);
    EXPECT_EQ(volumes[0].kind, VolumeMount::Kind::kTmpfs);
    EXPECT_EQ(volumes[0].target, "/run");
    EXPECT_EQ(volumes[1].target, "/tmp");
    EXPECT_EQ(volumes[1].tmpfs_size, 64 * 1024 * 1024);
    EXPECT_EQ(volumes[1].tmpfs_mode, 01777);
    parsed = parse_ok(web("    tmpfs: /run:exec\n"));
    EXPECT_EQ(parsed.warnings,
              Words{"compose.yaml:5: services.web.tmpfs: tmpfs option \"exec\" is not passed on: "
                    "the engine mounts tmpfs with its defaults (nosuid, nodev, noexec); only "
                    "size, mode, ro and rw are honoured"});
}

TEST(RuntimeFields, PlatformBecomesAnArchConstraint) {
    for (const auto& [platform, arch] : std::vector<std::pair<std::string, std::string>>{
             {"linux/arm64", "arm64"}, {"linux/arm/v7", "arm"}, {"linux/amd64", "amd64"}}) {
        ParsedStack parsed = parse_ok(web("    platform: " + platform +
                                          "\n    deploy: {placement: {constraints: "
                                          "[node.labels.disk==ssd]}}\n"));
        ASSERT_EQ(parsed.stack.services.size(), 1u);
        EXPECT_EQ(parsed.stack.services[0].constraints,
                  (std::vector<Constraint>{{"node.labels.disk", true, "ssd"},
                                           {"node.platform.arch", true, arch}}))
            << platform;
    }
}

TEST(RuntimeFields, LinksAndContainerNameBecomeAliases) {
    ParsedStack parsed = parse_ok(web("    links: [db:database, cache]\n") +
                                  "  db:\n    image: postgres\n    mem_limit: 1g\n"
                                  "    container_name: Immich_Postgres\n"
                                  "  cache:\n    image: redis\n    mem_limit: 1g\n"
                                  "    hostname: redis-host\n");
    ASSERT_EQ(parsed.stack.services.size(), 3u);
    EXPECT_EQ(parsed.stack.services[0].depends_on, (Words{"db", "cache"}));
    EXPECT_EQ(parsed.stack.services[1].network_aliases, (Words{"immich_postgres", "database"}));
    EXPECT_EQ(parsed.stack.services[2].network_aliases, Words{"redis-host"});
    EXPECT_EQ(parsed.stack.services[2].runtime.hostname, "redis-host");
}

TEST(RuntimeFields, EdgeorchLabelsAreWarned) {
    ParsedStack parsed = parse_ok(web("    labels: [edgeorch.stack=x]\n"));
    EXPECT_EQ(parsed.warnings,
              Words{"compose.yaml:5: services.web.labels[0]: label \"edgeorch.stack\" is "
                    "edgeorch's own; the container gets edgeorch's"});
}

TEST(RuntimeFields, Errors) {
    const std::string at = "compose.yaml:5: services.web.";
    struct Case {
        std::string lines;
        std::string error;
    };
    for (const Case& c : std::vector<Case>{
             {"    privileged: maybe\n", "privileged: expected true or false, got \"maybe\""},
             {"    cap_add: [net admin]\n",
              "cap_add[0]: expected a capability such as NET_ADMIN, CAP_SYS_TIME or ALL, got "
              "\"net admin\""},
             {"    cap_drop: ALL\n", "cap_drop: expected a list, got \"ALL\""},
             {"    security_opt: [\"seccomp=./profile.json\"]\n",
              "security_opt[0]: a seccomp profile file is not supported: the engine needs the "
              "profile's content, which nodes do not have; use seccomp=unconfined or leave it "
              "out for the engine's default profile"},
             {"    sysctls: [net.ipv4.ip_forward]\n",
              "sysctls[0]: sysctl \"net.ipv4.ip_forward\" has no value"},
             {"    ulimits: {files: 10}\n",
              "ulimits.files: unknown ulimit \"files\"; expected one of core, cpu, data, fsize, "
              "locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, "
              "stack"},
             {"    ulimits: {nofile: {soft: 10, hard: 5}}\n",
              "ulimits.nofile: soft limit 10 is above the hard limit 5"},
             {"    ulimits: {nofile: {soft: 10}}\n",
              "ulimits.nofile.hard: missing; a ulimit map needs soft and hard"},
             {"    shm_size: big\n",
              "shm_size: \"big\" is not a size such as 512m, 1g, 1.5GiB or a number of bytes"},
             {"    devices: [dev/ttyUSB0]\n",
              "devices[0]: device \"dev/ttyUSB0\" is not an absolute host path such as "
              "/dev/ttyUSB0"},
             {"    devices: [\"/dev/ttyUSB0:/dev/zb:rwx\"]\n",
              "devices[0]: device permissions \"rwx\" are not some of r, w and m"},
             {"    devices: [\"nvidia.com/gpu=all\"]\n",
              "devices[0]: CDI device names are not supported; name the device's path on the "
              "node, such as /dev/dri/renderD128"},
             {"    network_mode: container:vpn\n",
              "network_mode: container:NAME is not supported: a container outside the stack is "
              "not managed by edgeorch and may not run on the node the replica is placed on; "
              "run it as a service of this stack and use service:NAME"},
             {"    network_mode: service:ghost\n",
              "network_mode: \"ghost\" is not a service of this file"},
             {"    network_mode: service:web\n",
              "network_mode: a service cannot share its own network"},
             {"    network_mode: overlay\n",
              "network_mode: expected bridge, host, none or service:NAME, got \"overlay\""},
             {"    working_dir: app\n", "working_dir: expected an absolute path, got \"app\""},
             {"    hostname: \"my host\"\n",
              "hostname: expected a host name such as nas, got \"my host\""},
             {"    extra_hosts: [\"nas:not-an-ip\"]\n",
              "extra_hosts[0]: \"not-an-ip\" is not an IP address (or host-gateway) for host "
              "\"nas\""},
             {"    dns: [dns.google]\n", "dns: \"dns.google\" is not an IP address"},
             {"    stop_grace_period: soon\n",
              "stop_grace_period: expected a duration such as 30s, 1m30s or 500ms, got "
              "\"soon\" (a number must come first)"},
             {"    pid: container:db\n",
              "pid: sharing another container's namespace is not supported; expected host"},
             {"    ipc: shared\n",
              "ipc: expected host, private, shareable or none, got \"shared\""},
             {"    logging: {driver: json-file, rotate: yes}\n",
              "logging.rotate: unknown key; expected driver or options"},
             {"    tmpfs: [run]\n", "tmpfs: tmpfs target \"run\" is not an absolute path"},
             {"    platform: windows/amd64\n",
              "platform: unknown platform \"windows/amd64\"; expected linux/amd64, linux/arm64 "
              "or linux/arm/v7 (or v6)"},
             {"    links: [ghost]\n", "links[0]: \"ghost\" is not a service of this file"},
             {"    container_name: photos\n    deploy: {replicas: 2}\n",
              "container_name: a container name must be unique, and this service runs several "
              "replicas; remove container_name (other services reach it by its service name) "
              "or use networks.*.aliases"},
         }) {
        EXPECT_EQ(error_of(web(c.lines)), at + c.error) << c.lines;
    }
}

}  // namespace
}  // namespace edge
