#include "core/placement/placement.h"

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "core/placement/placement_test_util.h"

namespace edge {
namespace {

using placement_test::cluster;
using placement_test::find;
using placement_test::nuc;

NodeInfo pi(const std::string& name, int64_t memory = 8 * kGiB) {
    NodeInfo node;
    node.name = name;
    node.facts = {memory, "arm64", 4, StorageKind::kSd, "Raspberry Pi 4 Model B Rev 1.4"};
    return node;
}

ServiceSpec service(const std::string& name, const std::string& image, int replicas = 1,
                    int64_t memory = 256 * kMiB) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = image;
    spec.replicas = replicas;
    spec.memory_limit = memory;
    spec.memory_reservation = memory;
    return spec;
}

// --- derived node facts -------------------------------------------------------------------

TEST(PlacementTest, LowPowerClassification) {
    PlacementConfig config;
    struct Case {
        const char* what;
        NodeFacts facts;
        bool low_power;
    };
    const Case cases[] = {
        {"Raspberry Pi even with 8 GiB and an SSD",
         {8 * kGiB, "arm64", 4, StorageKind::kSsd, "Raspberry Pi 5 Model B"},
         true},
        {"NUC with an SSD", {16 * kGiB, "amd64", 4, StorageKind::kSsd, "NUC"}, false},
        {"SD card", {16 * kGiB, "amd64", 4, StorageKind::kSd, "board"}, true},
        {"eMMC", {16 * kGiB, "arm64", 4, StorageKind::kEmmc, "board"}, true},
        {"below the RAM threshold", {2 * kGiB, "amd64", 2, StorageKind::kSsd, "mini"}, true},
        {"exactly the threshold", {4 * kGiB, "amd64", 2, StorageKind::kHdd, "mini"}, false},
    };
    for (const auto& c : cases) {
        NodeInfo node{"n", c.facts, {}, true, "", true};
        EXPECT_EQ(is_low_power(node, config), c.low_power) << c.what;
        EXPECT_STREQ(node_class(node, config), c.low_power ? "low-power" : "standard") << c.what;
    }
}

TEST(PlacementTest, AllocatableIsTotalMinusReserve) {
    PlacementConfig config;
    config.node_reserve = 300 * kMiB;
    EXPECT_EQ(allocatable_memory(nuc("a", 2 * kGiB), config), 2 * kGiB - 300 * kMiB);
}

TEST(PlacementTest, RecognizesDatabases) {
    struct Case {
        const char* image;
        bool database;
    };
    const Case cases[] = {
        {"postgres", true},
        {"postgres:16-alpine", true},
        {"docker.io/library/postgres:16", true},
        {"registry.local:5000/library/mariadb:11@sha256:0123abcd", true},
        {"localhost/mysql", true},
        {"bitnami/postgresql:16", true},
        {"timescale/timescaledb-ha:pg16", true},
        {"influxdb:2.7", true},
        {"redis:7", true},
        {"valkey/valkey:8", true},
        {"clickhouse/clickhouse-server:24", true},
        {"docker.elastic.co/elasticsearch/elasticsearch:8.13.0", true},
        {"memcached:1.6", false},
        {"mongo-express", false},
        {"redis-commander", false},
        {"nginx:1.27", false},
        {"ghcr.io/home-assistant/home-assistant:stable", false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(is_database(service("s", c.image)), c.database) << c.image;
    }
}

TEST(PlacementTest, DatabaseByDeclarationOrVolume) {
    ServiceSpec declared = service("s", "nginx");
    declared.service_class = ServiceClass::kDatabase;
    EXPECT_TRUE(is_database(declared));

    ServiceSpec opted_out = service("s", "postgres:16");
    opted_out.service_class = ServiceClass::kStateless;
    EXPECT_FALSE(is_database(opted_out));

    struct Case {
        VolumeMount::Kind kind;
        const char* target;
        bool database;
    };
    const Case cases[] = {
        {VolumeMount::Kind::kNamed, "/var/lib/mysql", true},
        {VolumeMount::Kind::kNamed, "/var/lib/postgresql/data/", true},
        {VolumeMount::Kind::kBind, "/data/db", true},
        {VolumeMount::Kind::kTmpfs, "/var/lib/mysql", false},
        {VolumeMount::Kind::kNamed, "/var/lib/postgresql-backup", false},
        {VolumeMount::Kind::kNamed, "/config", false},
    };
    for (const auto& c : cases) {
        ServiceSpec custom = service("s", "me/custom-build:1");
        custom.volumes.push_back({c.kind, "vol", c.target, false});
        EXPECT_EQ(is_database(custom), c.database) << c.target;
    }
}

// --- placement rules ----------------------------------------------------------------------

TEST(PlacementTest, NeverOverCommitsAndExplainsMemory) {
    // 1 GiB Pi minus the 256 MiB reserve leaves 768 MiB: two 300 MiB replicas fit, three do not.
    PlacementInput input =
        cluster({pi("pi-1", 1 * kGiB)}, {service("web", "nginx", 3, 300 * kMiB)});
    Plan plan = plan_placement(input);
    ASSERT_EQ(plan.replicas.size(), 3u);
    EXPECT_EQ(find(plan, "web", 0).node, "pi-1");
    EXPECT_EQ(find(plan, "web", 1).node, "pi-1");
    EXPECT_EQ(find(plan, "web", 2).node, "");
    EXPECT_EQ(find(plan, "web", 2).reason, "pi-1: needs 300 MiB, 168 MiB free");
}

TEST(PlacementTest, ConstraintsHold) {
    NodeInfo ssd = nuc("nuc-1");
    ssd.labels["disk"] = "ssd";
    NodeInfo other = nuc("nuc-2");
    struct Case {
        Constraint constraint;
        std::string node;  // expected node, "" for pending
    };
    const Case cases[] = {
        {{"node.labels.disk", true, "ssd"}, "nuc-1"},
        {{"node.labels.disk", false, "ssd"}, "nuc-2"},  // a missing label satisfies !=
        {{"node.hostname", true, "nuc-2"}, "nuc-2"},
        {{"node.hostname", false, "nuc-2"}, "nuc-1"},
        {{"node.platform.arch", true, "x86_64"}, "nuc-2"},  // uname's name for amd64
        {{"node.platform.arch", false, "amd64"}, ""},
        {{"node.platform.arch", true, "arm64"}, ""},
        {{"node.class", true, "standard"}, "nuc-2"},
        {{"node.class", true, "low-power"}, ""},
        {{"node.labels.zone", true, "attic"}, ""},
    };
    for (const auto& c : cases) {
        ServiceSpec spec = service("web", "nginx");
        spec.constraints.push_back(c.constraint);
        // nuc-1 has less free memory so that an unconstrained choice would be nuc-2.
        PlacementInput input = cluster({ssd, other}, {spec, service("big", "nginx", 1, 8 * kGiB)});
        input.current.push_back({{"app", "big", 0}, "nuc-1"});
        Plan plan = plan_placement(input);
        EXPECT_EQ(find(plan, "web", 0).node, c.node) << c.constraint.text();
    }
}

TEST(PlacementTest, PendingReasonNamesEveryNode) {
    NodeInfo small = nuc("nuc-2", 1 * kGiB);
    NodeInfo down = nuc("nuc-3");
    down.schedulable = false;
    down.unschedulable_reason = "node is unreachable";
    NodeInfo unlabeled = nuc("nuc-1");
    ServiceSpec db = service("db", "postgres:16", 1, 1 * kGiB);
    db.constraints.push_back({"node.labels.disk", false, "sd"});
    NodeInfo labeled = nuc("nuc-4");
    labeled.labels["disk"] = "sd";
    PlacementInput input = cluster({pi("pi-1"), small, down, unlabeled, labeled}, {db});
    input.current.push_back({{"app", "filler", 0}, "nuc-1"});
    input.services.push_back({"app", service("filler", "nginx", 1, 15 * kGiB)});
    input.config.low_power_threshold = 1 * kGiB;  // nuc-2 is small but not low-power
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "db", 0).node, "");
    EXPECT_EQ(find(plan, "db", 0).reason,
              "nuc-1: needs 1.0 GiB, 768 MiB free; nuc-2: needs 1.0 GiB, 768 MiB free; "
              "nuc-3: node is unreachable; nuc-4: constraint node.labels.disk!=sd not met; "
              "pi-1: low-power node and service is a database");
}

TEST(PlacementTest, NoNodesHaveJoined) {
    Plan plan = plan_placement(cluster({}, {service("web", "nginx", 2)}));
    ASSERT_EQ(plan.replicas.size(), 2u);
    for (const auto& assignment : plan.replicas) {
        EXPECT_EQ(assignment.node, "");
        EXPECT_EQ(assignment.reason, "no nodes have joined");
    }
}

TEST(PlacementTest, DatabasesStayOffLowPowerUnlessAllowed) {
    Plan refused = plan_placement(cluster({pi("pi-1")}, {service("db", "mariadb")}));
    EXPECT_EQ(find(refused, "db", 0).reason, "pi-1: low-power node and service is a database");

    ServiceSpec allowed = service("db", "mariadb");
    allowed.allow_low_power = true;
    EXPECT_EQ(find(plan_placement(cluster({pi("pi-1")}, {allowed})), "db", 0).node, "pi-1");

    // With a choice, the database takes the standard node even though the Pi has more room.
    Plan chosen = plan_placement(
        cluster({pi("pi-1", 8 * kGiB), nuc("nuc-1", 6 * kGiB)}, {service("db", "mariadb", 1)}));
    EXPECT_EQ(find(chosen, "db", 0).node, "nuc-1");
}

TEST(PlacementTest, ReplicasSpreadThenMostFreeMemoryThenName) {
    Plan spread = plan_placement(
        cluster({nuc("a", 8 * kGiB), nuc("b", 16 * kGiB)}, {service("web", "nginx", 2)}));
    EXPECT_EQ(find(spread, "web", 0).node, "b");  // most free memory
    EXPECT_EQ(find(spread, "web", 1).node, "a");  // spread beats free memory

    Plan tie = plan_placement(cluster({nuc("b"), nuc("a")}, {service("web", "nginx", 1)}));
    EXPECT_EQ(find(tie, "web", 0).node, "a");
}

TEST(PlacementTest, KeepsCurrentPlacements) {
    PlacementInput input =
        cluster({nuc("a", 8 * kGiB), nuc("b", 16 * kGiB)}, {service("web", "nginx", 1)});
    input.current.push_back({{"app", "web", 0}, "a"});
    EXPECT_EQ(find(plan_placement(input), "web", 0).node, "a");
}

TEST(PlacementTest, MovesCurrentPlacementsThatNoLongerHold) {
    struct Case {
        const char* what;
        NodeInfo node_a;
        ServiceSpec spec;
    };
    NodeInfo gone_down = nuc("a");
    gone_down.schedulable = false;
    gone_down.retains_placements = false;
    ServiceSpec constrained = service("web", "nginx");
    constrained.constraints.push_back({"node.hostname", true, "b"});
    const Case cases[] = {
        {"node stopped retaining placements", gone_down, service("web", "nginx")},
        {"constraint no longer holds", nuc("a"), constrained},
        {"replica no longer fits", nuc("a", 1 * kGiB), service("web", "nginx", 1, 2 * kGiB)},
        {"service became a database on a low-power node", pi("a"), service("web", "postgres")},
    };
    for (const auto& c : cases) {
        PlacementInput input = cluster({c.node_a, nuc("b")}, {c.spec});
        input.current.push_back({{"app", "web", 0}, "a"});
        EXPECT_EQ(find(plan_placement(input), "web", 0).node, "b") << c.what;
    }
    // A node that vanished from the input is gone too.
    PlacementInput vanished = cluster({nuc("b")}, {service("web", "nginx")});
    vanished.current.push_back({{"app", "web", 0}, "a"});
    EXPECT_EQ(find(plan_placement(vanished), "web", 0).node, "b");
}

TEST(PlacementTest, UnreachableNodeKeepsItsReplicasButGetsNoNewOnes) {
    NodeInfo unreachable = nuc("a");
    unreachable.schedulable = false;
    unreachable.unschedulable_reason = "node is unreachable";
    PlacementInput input = cluster({unreachable, nuc("b")}, {service("web", "nginx", 3)});
    input.current.push_back({{"app", "web", 0}, "a"});
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "web", 0).node, "a");
    EXPECT_EQ(find(plan, "web", 1).node, "b");
    EXPECT_EQ(find(plan, "web", 2).node, "b");
}

TEST(PlacementTest, ReplicasBoundToADownNodesVolumeWaitForIt) {
    NodeInfo down = nuc("pi-3");
    down.schedulable = false;
    down.retains_placements = false;
    down.down = true;
    down.unschedulable_reason = "node is down";
    ServiceSpec db = service("db", "me/app");
    db.volumes.push_back({VolumeMount::Kind::kNamed, "dbdata", "/data"});
    ServiceSpec web = service("web", "nginx");
    PlacementInput input = cluster({down, nuc("b")}, {db, web});
    input.current = {{{"app", "db", 0}, "pi-3"}, {{"app", "web", 0}, "pi-3"}};
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "web", 0).node, "b");  // stateless: moved
    EXPECT_EQ(find(plan, "db", 0).node, "pi-3");
    EXPECT_EQ(find(plan, "db", 0).reason, "waiting for pi-3, which holds its volume");
}

TEST(PlacementTest, ReplicasBoundToADrainedNodesVolumeStayWithAReason) {
    NodeInfo drained = nuc("a");
    drained.schedulable = false;
    drained.retains_placements = false;
    drained.unschedulable_reason = "node is drained";
    ServiceSpec files = service("files", "me/app");
    files.volumes.push_back({VolumeMount::Kind::kBind, "/srv/files", "/files"});
    PlacementInput input = cluster({drained, nuc("b")}, {files});
    input.current = {{{"app", "files", 0}, "a"}};
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "files", 0).node, "a");
    EXPECT_EQ(find(plan, "files", 0).reason, "kept on a, which holds its volume (node is drained)");
}

TEST(PlacementTest, OnlyNamedVolumesWritableBindsAndDataDirectoriesBindAReplicaToItsNode) {
    struct Case {
        VolumeMount mount;
        bool bound;
    };
    const Case cases[] = {
        {{VolumeMount::Kind::kNamed, "data", "/data", false}, true},
        {{VolumeMount::Kind::kNamed, "", "/cache", false}, false},  // anonymous
        {{VolumeMount::Kind::kBind, "/srv", "/srv", false}, true},
        {{VolumeMount::Kind::kBind, "/etc/localtime", "/etc/localtime", true}, false},
        {{VolumeMount::Kind::kTmpfs, "", "/tmp", false}, false},
        // A data directory edgeorch made on the node holds state, even bound read-only; shipped
        // content is on every node that needs it.
        {{.kind = VolumeMount::Kind::kBind,
          .source = "data",
          .target = "/data",
          .origin = VolumeMount::Origin::kNodeData},
         true},
        {{.kind = VolumeMount::Kind::kBind,
          .source = "seed",
          .target = "/seed",
          .read_only = true,
          .origin = VolumeMount::Origin::kNodeData},
         true},
        {{.kind = VolumeMount::Kind::kBind,
          .source = "./Caddyfile",
          .target = "/etc/caddy/Caddyfile",
          .origin = VolumeMount::Origin::kShippedFile,
          .content_hash = std::string(64, 'a')},
         false},
        {{.kind = VolumeMount::Kind::kBind,
          .source = "./site",
          .target = "/srv",
          .origin = VolumeMount::Origin::kShippedDirectory,
          .content_hash = std::string(64, 'b')},
         false},
    };
    for (const auto& c : cases) {
        ServiceSpec spec = service("s", "me/app");
        spec.volumes.push_back(c.mount);
        EXPECT_EQ(holds_node_local_state(spec), c.bound) << c.mount.target;
    }
}

TEST(PlacementTest, ScaleDownDropsHighestIndices) {
    PlacementInput input = cluster({nuc("a"), nuc("b")}, {service("web", "nginx", 1)});
    input.current = {{{"app", "web", 0}, "b"}, {{"app", "web", 1}, "a"}, {{"app", "web", 2}, "a"}};
    Plan plan = plan_placement(input);
    ASSERT_EQ(plan.replicas.size(), 1u);
    EXPECT_EQ(plan.replicas[0].key.replica, 0);
    EXPECT_EQ(plan.replicas[0].node, "b");
}

TEST(PlacementTest, RemovedServicesDisappear) {
    PlacementInput input = cluster({nuc("a")}, {service("web", "nginx", 1)});
    input.current = {{{"app", "old", 0}, "a"}, {{"other", "web", 0}, "a"}};
    Plan plan = plan_placement(input);
    ASSERT_EQ(plan.replicas.size(), 1u);
    EXPECT_EQ(plan.replicas[0].key.service, "web");
    EXPECT_EQ(plan.replicas[0].key.stack, "app");
}

TEST(PlacementTest, GlobalRunsOneReplicaPerEligibleNode) {
    ServiceSpec agent = service("exporter", "prom/node-exporter");
    agent.global = true;
    agent.constraints.push_back({"node.labels.monitor", false, "no"});
    NodeInfo excluded = nuc("d");
    excluded.labels["monitor"] = "no";
    PlacementInput input = cluster({nuc("c"), nuc("a"), nuc("b"), excluded}, {agent});
    // b keeps replica 0; the new nodes a and c take the lowest free indices in name order.
    input.current.push_back({{"app", "exporter", 0}, "b"});
    Plan plan = plan_placement(input);
    ASSERT_EQ(plan.replicas.size(), 3u);
    EXPECT_EQ(find(plan, "exporter", 0).node, "b");
    EXPECT_EQ(find(plan, "exporter", 1).node, "a");
    EXPECT_EQ(find(plan, "exporter", 2).node, "c");
}

TEST(PlacementTest, GlobalWithoutEligibleNodesExplainsWhy) {
    ServiceSpec agent = service("exporter", "prom/node-exporter");
    agent.global = true;
    agent.constraints.push_back({"node.platform.arch", true, "riscv64"});
    Plan plan = plan_placement(cluster({nuc("a"), pi("b")}, {agent}));
    ASSERT_EQ(plan.replicas.size(), 1u);
    EXPECT_EQ(plan.replicas[0].reason,
              "a: constraint node.platform.arch==riscv64 not met; "
              "b: constraint node.platform.arch==riscv64 not met");
}

TEST(PlacementTest, GlobalReplicaThatDoesNotFitNamesItsNode) {
    ServiceSpec agent = service("exporter", "prom/node-exporter", 1, 1 * kGiB);
    agent.global = true;
    Plan plan = plan_placement(cluster({nuc("a"), pi("b", 1 * kGiB)}, {agent}));
    ASSERT_EQ(plan.replicas.size(), 2u);
    EXPECT_EQ(find(plan, "exporter", 0).node, "a");
    EXPECT_EQ(find(plan, "exporter", 1).node, "");
    EXPECT_EQ(find(plan, "exporter", 1).reason,
              "a: replica 1 of this global service is for node b; b: needs 1.0 GiB, 768 MiB free");
}

// --- property test over random clusters ---------------------------------------------------

struct RandomCluster {
    std::mt19937 rng;
    explicit RandomCluster(uint32_t seed) : rng(seed) {}

    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); }
    template <typename T>
    const T& choose(const std::vector<T>& values) {
        return values[static_cast<size_t>(pick(0, static_cast<int>(values.size()) - 1))];
    }

    PlacementInput make() {
        static const std::vector<std::string> kImages = {"nginx", "postgres:16", "redis", "ghost",
                                                         "me/app:1"};
        static const std::vector<std::string> kModels = {"Raspberry Pi 4", "NUC", "Optiplex"};
        static const std::vector<std::string> kKeys = {"node.hostname", "node.labels.disk",
                                                       "node.platform.arch", "node.class"};
        static const std::vector<std::string> kValues = {"n0",    "n1",    "ssd",       "sd",
                                                         "amd64", "arm64", "low-power", "standard"};
        PlacementInput input;
        input.config.node_reserve = pick(0, 512) * kMiB;
        int nodes = pick(0, 6);
        for (int i = 0; i < nodes; ++i) {
            NodeInfo node;
            node.name = "n" + std::to_string(i);
            node.facts.memory_total = pick(0, 16 * 4) * 256 * kMiB;
            node.facts.arch = pick(0, 1) ? "amd64" : "arm64";
            node.facts.storage = static_cast<StorageKind>(pick(0, 4));
            node.facts.model = choose(kModels);
            if (pick(0, 1)) node.labels["disk"] = pick(0, 1) ? "ssd" : "sd";
            node.schedulable = pick(0, 4) != 0;
            if (!node.schedulable) node.unschedulable_reason = "node is unreachable";
            node.retains_placements = pick(0, 4) != 0;
            node.down = !node.retains_placements && pick(0, 1) == 0;
            input.nodes.push_back(node);
        }
        int services = pick(0, 6);
        for (int i = 0; i < services; ++i) {
            ServiceSpec spec;
            spec.name = "s" + std::to_string(i);
            spec.image = choose(kImages);
            spec.replicas = pick(0, 5);
            spec.global = pick(0, 5) == 0;
            spec.memory_limit = pick(1, 32) * 128 * kMiB;
            spec.memory_reservation = pick(0, 3) == 0 ? 0 : pick(1, 32) * 64 * kMiB;
            spec.service_class = static_cast<ServiceClass>(pick(0, 2));
            spec.allow_low_power = pick(0, 3) == 0;
            if (pick(0, 4) == 0) spec.volumes.push_back({VolumeMount::Kind::kNamed, "data", "/d"});
            for (int c = pick(0, 2); c > 0; --c) {
                spec.constraints.push_back({choose(kKeys), pick(0, 2) != 0, choose(kValues)});
            }
            input.services.push_back({pick(0, 1) ? "a" : "b", spec});
        }
        int current = nodes == 0 ? 0 : pick(0, 12);
        for (int i = 0; i < current && !input.services.empty(); ++i) {
            const auto& target = choose(input.services);
            input.current.push_back({{target.stack, target.spec.name, pick(0, 6)},
                                     "n" + std::to_string(pick(0, nodes))});  // may not exist
        }
        return input;
    }
};

int64_t reservation(const ServiceSpec& spec) {
    return spec.memory_reservation > 0 ? spec.memory_reservation : spec.memory_limit;
}

bool holds(const Constraint& c, const NodeInfo& node, const PlacementConfig& config) {
    std::string actual;
    bool present = true;
    if (c.key == "node.hostname") {
        actual = node.name;
    } else if (c.key == "node.platform.arch") {
        actual = node.facts.arch;
    } else if (c.key == "node.class") {
        actual = node_class(node, config);
    } else {
        auto label = node.labels.find(c.key.substr(std::string("node.labels.").size()));
        present = label != node.labels.end();
        if (present) actual = label->second;
    }
    bool equal = present && actual == c.value;
    return c.equal ? equal : !equal;
}

void check_plan(const PlacementInput& input, const Plan& plan) {
    std::map<std::string, const NodeInfo*> nodes;
    for (const auto& node : input.nodes) nodes[node.name] = &node;
    std::map<std::pair<std::string, std::string>, const ServiceSpec*> services;
    for (const auto& s : input.services) services[{s.stack, s.spec.name}] = &s.spec;
    std::map<ReplicaKey, std::string> current;
    for (const auto& c : input.current) current.emplace(c.key, c.node);

    std::map<std::string, int64_t> used;
    std::set<std::pair<std::string, std::string>> global_on_node;
    ASSERT_TRUE(std::is_sorted(plan.replicas.begin(), plan.replicas.end(),
                               [](const auto& a, const auto& b) { return a.key < b.key; }));
    for (const auto& assignment : plan.replicas) {
        auto service = services.find({assignment.key.stack, assignment.key.service});
        ASSERT_NE(service, services.end()) << "replica of an unknown service";
        const ServiceSpec& spec = *service->second;
        if (!spec.global) {
            EXPECT_LT(assignment.key.replica, spec.replicas);
        }
        if (assignment.node.empty()) {
            ASSERT_FALSE(assignment.reason.empty());
            if (nodes.empty()) {
                EXPECT_EQ(assignment.reason, "no nodes have joined");
            }
            for (const auto& [name, node] : nodes) {
                bool named = assignment.reason.starts_with(name + ": ") ||
                             assignment.reason.find("; " + name + ": ") != std::string::npos;
                EXPECT_TRUE(named) << name << " missing from: " << assignment.reason;
            }
            continue;
        }
        ASSERT_TRUE(nodes.contains(assignment.node));
        const NodeInfo& node = *nodes[assignment.node];
        used[node.name] += reservation(spec);
        for (const auto& c : spec.constraints) {
            EXPECT_TRUE(holds(c, node, input.config)) << c.text() << " on " << node.name;
        }
        if (is_database(spec) && !spec.allow_low_power) {
            EXPECT_FALSE(is_low_power(node, input.config)) << spec.name << " on " << node.name;
        }
        if (!node.schedulable) {
            // Only a replica that was already there may stay on an unschedulable node.
            auto was = current.find(assignment.key);
            EXPECT_TRUE(was != current.end() && was->second == node.name &&
                        (node.retains_placements || holds_node_local_state(spec)));
        }
        // A replica held by its volume on a node that lets go of the others says why.
        if (!assignment.reason.empty()) {
            EXPECT_TRUE(!node.retains_placements && holds_node_local_state(spec)) << node.name;
        }
        if (spec.global) {
            EXPECT_TRUE(
                global_on_node.insert({assignment.key.stack + "/" + spec.name, node.name}).second)
                << "two replicas of a global service on " << node.name;
        }
    }
    for (const auto& [name, bytes] : used) {
        EXPECT_LE(bytes, allocatable_memory(*nodes[name], input.config))
            << "over-commit on " << name;
    }
    for (const auto& [key, spec] : services) {
        if (spec->global) continue;
        int count = 0;
        for (const auto& a : plan.replicas) {
            count += a.key.stack == key.first && a.key.service == key.second;
        }
        EXPECT_EQ(count, spec->replicas) << key.first << "/" << key.second;
    }
}

bool same_plan(const Plan& a, const Plan& b) {
    if (a.replicas.size() != b.replicas.size()) return false;
    for (size_t i = 0; i < a.replicas.size(); ++i) {
        const auto& x = a.replicas[i];
        const auto& y = b.replicas[i];
        if (x.key != y.key || x.node != y.node || x.reason != y.reason) return false;
    }
    return true;
}

TEST(PlacementPropertyTest, RandomClustersKeepEveryRule) {
    RandomCluster random(20240611);
    for (int round = 0; round < 5000; ++round) {
        PlacementInput input = random.make();
        Plan plan = plan_placement(input);
        SCOPED_TRACE("round " + std::to_string(round));
        check_plan(input, plan);
        EXPECT_TRUE(same_plan(plan, plan_placement(input))) << "not deterministic";
        // The order nodes and services arrive in must not matter either.
        PlacementInput shuffled = input;
        std::reverse(shuffled.nodes.begin(), shuffled.nodes.end());
        std::reverse(shuffled.services.begin(), shuffled.services.end());
        EXPECT_TRUE(same_plan(plan, plan_placement(shuffled))) << "depends on input order";
        // A plan fed back as the current placements is stable: nothing moves.
        PlacementInput again = input;
        again.current.clear();
        for (const auto& a : plan.replicas) {
            if (!a.node.empty()) again.current.push_back({a.key, a.node});
        }
        Plan replanned = plan_placement(again);
        for (const auto& a : plan.replicas) {
            bool retains = std::any_of(input.nodes.begin(), input.nodes.end(), [&](const auto& n) {
                return n.name == a.node && (n.retains_placements || !a.reason.empty());
            });
            if (!retains) continue;
            auto it = std::find_if(replanned.replicas.begin(), replanned.replicas.end(),
                                   [&](const auto& r) { return r.key == a.key; });
            ASSERT_NE(it, replanned.replicas.end());
            EXPECT_EQ(it->node, a.node) << "placed replica moved on a re-plan";
        }
        if (::testing::Test::HasFailure()) break;
    }
}

}  // namespace
}  // namespace edge
