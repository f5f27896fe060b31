// Valid Compose files: every supported key, defaults, precedence and warnings.
#include "compose/compose_parser.h"

#include <gtest/gtest.h>

#include "compose/compose_test_util.h"
#include "core/byte_units.h"

namespace edge {
namespace {

using compose_test::only_service;
using compose_test::parse_ok;
using compose_test::testdata;
using Kind = VolumeMount::Kind;
using Words = std::vector<std::string>;

const ServiceSpec* find_service(const StackSpec& stack, const std::string& name) {
    for (const ServiceSpec& service : stack.services) {
        if (service.name == name) return &service;
    }
    return nullptr;
}

class FullFile : public ::testing::Test {
  protected:
    void SetUp() override {
        auto result = parse_compose_file(testdata("full.yaml"), "media");
        ASSERT_TRUE(result.ok()) << result.error().message;
        parsed = *result;
    }
    ParsedStack parsed;
};

TEST_F(FullFile, KeepsServicesInFileOrderUnderTheGivenStackName) {
    EXPECT_EQ(parsed.stack.name, "media");
    ASSERT_EQ(parsed.stack.services.size(), 3u);
    EXPECT_EQ(parsed.stack.services[0].name, "web");
    EXPECT_EQ(parsed.stack.services[1].name, "db");
    EXPECT_EQ(parsed.stack.services[2].name, "agent");
}

TEST_F(FullFile, Web) {
    const ServiceSpec* web = find_service(parsed.stack, "web");
    ASSERT_NE(web, nullptr);
    EXPECT_EQ(web->image, "nginx:1.25");
    EXPECT_EQ(web->command, (Words{"nginx", "-g", "daemon off;", "-c", "/etc/nginx/my conf.conf"}));
    EXPECT_EQ(web->entrypoint, (Words{"/docker-entrypoint.sh"}));
    // A merge is shallow: web's own environment replaces the one from x-defaults. The bare
    // EMPTY is not among the (no) variables, so it is left out, as Compose leaves it out.
    std::map<std::string, std::string> environment{{"NGINX_PORT", "80"}, {"EQUALS", "a=b"}};
    EXPECT_EQ(web->environment, environment);
    EXPECT_EQ(web->restart, RestartPolicy::kUnlessStopped);  // from the merged defaults

    std::vector<PortMapping> ports{
        {80, 8080, "tcp", ""}, {443, 0, "tcp", ""},       {90, 9090, "tcp", "127.0.0.1"},
        {53, 5353, "udp", ""}, {443, 8443, "tcp", "::1"}, {8000, 18000, "tcp", "0.0.0.0"},
    };
    EXPECT_EQ(web->ports, ports);

    std::vector<VolumeMount> volumes{
        {Kind::kNamed, "html", "/usr/share/nginx/html", true},
        {Kind::kBind, "/srv/certs", "/etc/certs", false},
        {Kind::kNamed, "", "/var/cache/nginx", false},
        {Kind::kBind, "/srv/logs", "/var/log/nginx", false},
        {Kind::kTmpfs, "", "/tmp", false},
        {Kind::kNamed, "html", "/mnt/html", true},
    };
    EXPECT_EQ(web->volumes, volumes);

    EXPECT_EQ(web->memory_limit, 128 * kMiB);
    EXPECT_EQ(web->memory_reservation, 64 * kMiB);
    EXPECT_EQ(web->replicas, 3);
    EXPECT_FALSE(web->global);
    std::vector<Constraint> constraints{
        {"node.labels.disk", true, "ssd"},
        {"node.hostname", false, "pi-zero"},
        {"node.platform.arch", true, "arm64"},  // aarch64, in Docker's spelling
        {"node.class", true, "low-power"},
    };
    EXPECT_EQ(web->constraints, constraints);
    EXPECT_EQ(web->service_class, ServiceClass::kStateless);
    EXPECT_TRUE(web->allow_low_power);
}

TEST_F(FullFile, Db) {
    const ServiceSpec* db = find_service(parsed.stack, "db");
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->command, (Words{"postgres", "-c", "max_connections=50"}));
    EXPECT_EQ(db->entrypoint, std::nullopt);
    std::map<std::string, std::string> environment{
        {"POSTGRES_PASSWORD", "secret"}, {"POSTGRES_PORT", "5432"}, {"DEBUG", "false"}};
    EXPECT_EQ(db->environment, environment);
    EXPECT_EQ(
        db->volumes,
        (std::vector<VolumeMount>{{Kind::kNamed, "pgdata", "/var/lib/postgresql/data", false}}));
    // deploy.restart_policy.condition wins over restart: "no".
    EXPECT_EQ(db->restart, RestartPolicy::kOnFailure);
    EXPECT_EQ(db->memory_limit, 1024 * kMiB);
    EXPECT_EQ(db->memory_reservation, 512 * kMiB);
    EXPECT_EQ(db->replicas, 1);
    EXPECT_EQ(db->service_class, ServiceClass::kDatabase);
    EXPECT_FALSE(db->allow_low_power);
}

TEST_F(FullFile, GlobalServiceReservesItsLimit) {
    const ServiceSpec* agent = find_service(parsed.stack, "agent");
    ASSERT_NE(agent, nullptr);
    EXPECT_TRUE(agent->global);
    EXPECT_EQ(agent->memory_limit, 32 * kMiB);
    EXPECT_EQ(agent->memory_reservation, 32 * kMiB);
    EXPECT_EQ(agent->restart, RestartPolicy::kNo);
    EXPECT_EQ(agent->service_class, ServiceClass::kAuto);
}

TEST_F(FullFile, WarnsOnlyAboutTheVolumeDriver) {
    std::string file = testdata("full.yaml");
    EXPECT_EQ(parsed.warnings,
              (Words{file + ":94: volumes.pgdata.driver: not supported, ignored"}));
}

TEST(ComposeParser, HomelabFile) {
    auto parsed = parse_compose_file(testdata("homelab.yaml"), "home");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->stack.services.size(), 2u);
    const ServiceSpec& pihole = parsed->stack.services[0];
    EXPECT_EQ(pihole.environment.at("WEBPASSWORD"), "$ecret");  // Compose's $$ escape
    EXPECT_EQ(pihole.ports.size(), 3u);
    EXPECT_EQ(pihole.memory_limit, 256 * kMiB);
    const ServiceSpec& assistant = parsed->stack.services[1];
    EXPECT_EQ(assistant.constraints,
              (std::vector<Constraint>{{"node.labels.zigbee", true, "yes"}}));
    EXPECT_EQ(assistant.restart, RestartPolicy::kAlways);  // the orchestrator's default
    EXPECT_EQ(parsed->warnings, Words{});
}

TEST(ComposeParser, WarnsAboutEverythingItIgnores) {
    auto parsed = parse_compose_file(testdata("warnings.yaml"), "demo");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    std::string file = testdata("warnings.yaml");
    Words expected{
        file + ":12: services.web.deploy.resources.limits.cpus: not supported, ignored",
        file + ":15: services.web.deploy.update_config.max_inflight: not supported, ignored",
        file + ":17: services.web.x-edge.priority: unknown x-edge key, ignored",
        file +
            ":19: services.web.restart: a retry limit is not supported; the container is "
            "restarted on every failure",
        file +
            ":20: services.db: no memory limit: the hub's --default-memory applies (auto: learned "
            "from use; fixed: 256 MiB)",
        file + ":22: services.db.command: variable HOME is not set; using an empty string",
    };
    EXPECT_EQ(parsed->warnings, expected);
    EXPECT_EQ(parsed->stack.services[0].restart, RestartPolicy::kOnFailure);
    EXPECT_EQ(parsed->stack.services[1].command, (Words{"echo"}));
}

TEST(ComposeParser, DefaultsForAMinimalService) {
    ParsedStack parsed = parse_ok("services:\n  web:\n    image: nginx\n");
    ASSERT_EQ(parsed.stack.services.size(), 1u);
    const ServiceSpec& web = parsed.stack.services[0];
    EXPECT_EQ(web.name, "web");
    EXPECT_EQ(web.command, std::nullopt);
    EXPECT_EQ(web.restart, RestartPolicy::kAlways);
    EXPECT_EQ(web.memory_limit, kDefaultMemoryLimit);
    EXPECT_EQ(web.memory_reservation, kDefaultMemoryLimit);
    EXPECT_EQ(web.replicas, 1);
    EXPECT_EQ(parsed.warnings,
              (Words{"compose.yaml:2: services.web: no memory limit: the hub's --default-memory "
                     "applies (auto: learned from use; fixed: 256 MiB)"}));
}

TEST(ComposeParser, MemorySizesInEverySpelling) {
    struct Case {
        std::string text;
        int64_t bytes;
    };
    for (const Case& c : std::vector<Case>{{"512m", 512 * kMiB},
                                           {"1g", 1024 * kMiB},
                                           {"1.5GiB", 1536 * kMiB},
                                           {"64MB", 64 * kMiB},
                                           {"8388608", 8 * kMiB},
                                           {"6m", 6 * kMiB}}) {
        ServiceSpec spec =
            only_service("services:\n  web:\n    image: nginx\n    mem_limit: " + c.text + "\n");
        EXPECT_EQ(spec.memory_limit, c.bytes) << c.text;
        EXPECT_EQ(spec.memory_reservation, c.bytes) << c.text;
    }
}

TEST(ComposeParser, EqualLimitsInBothPlacesAreAccepted) {
    ServiceSpec spec = only_service(
        "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    mem_reservation: 100m\n"
        "    deploy:\n      resources:\n        limits: {memory: 1024M}\n"
        "        reservations: {memory: 100MiB}\n");
    EXPECT_EQ(spec.memory_limit, 1024 * kMiB);
    EXPECT_EQ(spec.memory_reservation, 100 * kMiB);
}

TEST(ComposeParser, RestartValues) {
    struct Case {
        std::string restart;
        RestartPolicy policy;
    };
    for (const Case& c : std::vector<Case>{{"\"no\"", RestartPolicy::kNo},
                                           {"no", RestartPolicy::kNo},
                                           {"always", RestartPolicy::kAlways},
                                           {"on-failure", RestartPolicy::kOnFailure},
                                           {"unless-stopped", RestartPolicy::kUnlessStopped}}) {
        ServiceSpec spec = only_service(
            "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n"
            "    restart: " +
            c.restart + "\n");
        EXPECT_EQ(spec.restart, c.policy) << c.restart;
    }
    ServiceSpec spec = only_service(
        "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    restart: always\n"
        "    deploy: {restart_policy: {condition: none}}\n");
    EXPECT_EQ(spec.restart, RestartPolicy::kNo);
}

TEST(ComposeParser, StopAfterDisconnect) {
    ServiceSpec writer = only_service(
        "services:\n  writer:\n    image: busybox\n    x-edge:\n      stop-after-disconnect: "
        "1m30s\n");
    EXPECT_EQ(writer.stop_after_disconnect_ms, 90000);
    EXPECT_EQ(only_service("services:\n  web:\n    image: busybox\n").stop_after_disconnect_ms, 0);
    EXPECT_EQ(
        compose_test::error_of("services:\n  w:\n    image: busybox\n    x-edge:\n"
                               "      stop-after-disconnect: soon\n"),
        "compose.yaml:5: services.w.x-edge.stop-after-disconnect: expected a duration such as "
        "30s, 1m30s or 500ms, got \"soon\" (a number must come first)");
    EXPECT_EQ(compose_test::error_of("services:\n  w:\n    image: busybox\n    x-edge:\n"
                                     "      stop-after-disconnect: 500ms\n"),
              "compose.yaml:5: services.w.x-edge.stop-after-disconnect: expected a duration of at "
              "least 1s, such as 30s, got \"500ms\"");
}

TEST(ComposeParser, ZeroReplicasIsAllowed) {
    ServiceSpec spec = only_service(
        "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    deploy: {replicas: 0}\n");
    EXPECT_EQ(spec.replicas, 0);
}

TEST(ComposeParser, MergeKeysWithAListPreferTheFirstMap) {
    ServiceSpec spec = only_service(
        "x-a: &a {image: first, mem_limit: 64m}\n"
        "x-b: &b {image: second, restart: \"no\"}\n"
        "services:\n"
        "  web:\n"
        "    <<: [*a, *b]\n");
    EXPECT_EQ(spec.image, "first");
    EXPECT_EQ(spec.memory_limit, 64 * kMiB);
    EXPECT_EQ(spec.restart, RestartPolicy::kNo);
}

TEST(ComposeParser, CommandAsListKeepsNumbersAsText) {
    ServiceSpec spec = only_service(
        "services:\n  web:\n    image: busybox\n    mem_limit: 1g\n    command: [sleep, 3600]\n"
        "    entrypoint: \"\"\n");
    EXPECT_EQ(spec.command, (Words{"sleep", "3600"}));
    EXPECT_EQ(spec.entrypoint, Words{});  // "" clears the image's entrypoint
}

}  // namespace
}  // namespace edge
