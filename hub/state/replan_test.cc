#include "hub/state/replan.h"

#include <gtest/gtest.h>

#include <set>

#include "core/byte_units.h"
#include "hub/state/desired_state.h"

namespace edge {
namespace {

NodeRecord node(const std::string& name, bool online = true) {
    NodeRecord record;
    record.name = name;
    record.facts = {16 * kGiB, "amd64", 4, StorageKind::kSsd, "NUC"};
    record.online = online;
    record.state = online ? NodeState::kReady : NodeState::kUnreachable;
    record.generation = 1;
    return record;
}

ServiceSpec service(const std::string& name, int replicas) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "nginx:1.27";
    spec.replicas = replicas;
    spec.environment = {{"MODE", "prod"}};
    return spec;
}

ClusterState two_nodes() {
    ClusterState state;
    state.nodes["a"] = node("a");
    state.nodes["b"] = node("b");
    return state;
}

TEST(ReplanTest, PlacesReplicasAndBumpsOnlyChangedNodes) {
    ClusterState before = two_nodes();
    ClusterState next = before;
    next.stacks["app"] = {{"app", {service("web", 1)}}, 1, 1};
    Replanned replanned = replan(before, next, PlacementConfig{}, 5);
    ASSERT_EQ(next.replicas.size(), 1u);
    const std::string placed = next.replicas[0].node;
    EXPECT_EQ(placed, "a");  // equal nodes: the name breaks the tie
    EXPECT_EQ(replanned.changed_nodes, std::set<std::string>{"a"});
    EXPECT_EQ(next.nodes["a"].generation, 2);
    EXPECT_EQ(next.nodes["b"].generation, 1);
    ASSERT_EQ(replanned.events.size(), 1u);
    EXPECT_EQ(replanned.events[0].kind, "placement");
    EXPECT_EQ(replanned.events[0].subject, "app/web");
    EXPECT_EQ(replanned.events[0].message, "replica 0 placed on a");
}

// Many first placements of one service are one event, so a large deploy does not push the
// older events out of the store; a few are still told one by one.
TEST(ReplanTest, ManyPlacementsOfAServiceAreToldAsOneEvent) {
    ClusterState before;
    for (const char* name : {"a", "b", "c", "d", "e"}) before.nodes[name] = node(name);
    ClusterState next = before;
    next.stacks["app"] = {{"app", {service("web", 12), service("worker", 10)}}, 1, 1};
    Replanned replanned = replan(before, next, PlacementConfig{}, 5);
    ASSERT_EQ(next.replicas.size(), 22u);
    std::vector<std::string> web;
    int worker = 0;
    for (const Event& event : replanned.events) {
        if (event.subject == "app/web") web.push_back(event.message);
        if (event.subject == "app/worker") {
            EXPECT_NE(event.message.find(" placed on "), std::string::npos) << event.message;
            ++worker;
        }
    }
    EXPECT_EQ(web, std::vector<std::string>{"12 replicas placed on 5 nodes: a, b, c and 2 more"});
    EXPECT_EQ(worker, 10);  // at the limit: one event each
}

// A down node's many replicas of one service move as one event, and a service's many
// replicas pending for one reason are one event; a few stay one by one.
TEST(ReplanTest, ManyMovesAndManyPendingReplicasOfAServiceAreToldAsOneEventEach) {
    ClusterState before = two_nodes();
    before.stacks["app"] = {{"app", {service("web", 24), service("worker", 4)}}, 1, 1};
    replan(ClusterState{}, before, PlacementConfig{}, 1);
    int web_on_a = 0;
    for (const auto& replica : before.replicas) {
        if (replica.key.service == "web" && replica.node == "a") ++web_on_a;
    }
    ASSERT_GT(web_on_a, 10);

    ClusterState a_down = before;
    a_down.nodes["a"].online = false;
    a_down.nodes["a"].state = NodeState::kDown;
    a_down.nodes["c"] = node("c");
    Replanned moved = replan(before, a_down, PlacementConfig{}, 2);
    std::vector<std::string> web;
    int worker_moves = 0;
    for (const Event& event : moved.events) {
        if (event.subject == "app/web") web.push_back(event.message);
        if (event.subject == "app/worker") {
            EXPECT_EQ(event.message.find("replica "), 0u) << event.message;
            ++worker_moves;
        }
    }
    ASSERT_EQ(web.size(), 1u);
    EXPECT_EQ(web[0].rfind(std::to_string(web_on_a) + " replicas moved from a to ", 0), 0u)
        << web[0];
    EXPECT_GT(worker_moves, 0);

    // Every node down: all 24 of web wait, for one reason that names each node: one event.
    ClusterState all_down = a_down;
    for (auto& [name, record] : all_down.nodes) {
        record.online = false;
        record.state = NodeState::kDown;
    }
    Replanned pending = replan(a_down, all_down, PlacementConfig{}, 3);
    std::vector<std::string> web_pending;
    for (const Event& event : pending.events) {
        if (event.subject == "app/web") web_pending.push_back(event.message);
    }
    ASSERT_EQ(web_pending.size(), 1u);
    EXPECT_EQ(web_pending[0].rfind("24 replicas pending: ", 0), 0u) << web_pending[0];
}

TEST(ReplanTest, ANoOpReplanChangesNothing) {
    ClusterState before = two_nodes();
    before.stacks["app"] = {{"app", {service("web", 2)}}, 1, 1};
    replan(ClusterState{}, before, PlacementConfig{}, 1);
    ClusterState next = before;
    Replanned replanned = replan(before, next, PlacementConfig{}, 2);
    EXPECT_TRUE(replanned.changed_nodes.empty());
    EXPECT_TRUE(replanned.events.empty());
    EXPECT_EQ(next, before);
    EXPECT_TRUE(diff_states(before, next).empty());
}

TEST(ReplanTest, ASpecChangeBumpsEveryNodeRunningTheService) {
    ClusterState before = two_nodes();
    before.stacks["app"] = {{"app", {service("web", 2)}}, 1, 1};
    replan(ClusterState{}, before, PlacementConfig{}, 1);
    ClusterState next = before;
    next.stacks["app"].spec.services[0].image = "nginx:1.28";
    Replanned replanned = replan(before, next, PlacementConfig{}, 2);
    EXPECT_EQ(replanned.changed_nodes, (std::set<std::string>{"a", "b"}));
    EXPECT_TRUE(replanned.events.empty());  // nothing moved
    EXPECT_NE(desired_set(next, "a").containers[0].spec_hash,
              desired_set(before, "a").containers[0].spec_hash);
}

TEST(ReplanTest, DescribesPendingScaledDownAndRetriedReplicas) {
    ClusterState before;
    before.nodes["a"] = node("a", false);
    ClusterState next = before;
    next.stacks["app"] = {{"app", {service("web", 2)}}, 1, 1};
    Replanned pending = replan(before, next, PlacementConfig{}, 1);
    ASSERT_EQ(pending.events.size(), 2u);
    EXPECT_EQ(pending.events[0].message, "replica 0 pending: a: node is unreachable");

    // The node comes online: the pending replicas are retried and placed.
    ClusterState online = next;
    online.nodes["a"].online = true;
    online.nodes["a"].state = NodeState::kReady;
    Replanned placed = replan(next, online, PlacementConfig{}, 2);
    EXPECT_EQ(placed.changed_nodes, std::set<std::string>{"a"});
    EXPECT_EQ(placed.events[1].message, "replica 1 placed on a");

    ClusterState smaller = online;
    smaller.stacks["app"].spec.services[0].replicas = 1;
    Replanned scaled = replan(online, smaller, PlacementConfig{}, 3);
    ASSERT_EQ(scaled.events.size(), 1u);
    EXPECT_EQ(scaled.events[0].message, "replica 1 removed (scaled down)");
}

TEST(ReplanTest, DesiredSetCarriesTheServiceSpec) {
    ClusterState state = two_nodes();
    ServiceSpec web = service("web", 1);
    web.command = std::vector<std::string>{"run"};
    web.memory_limit = 300 * 1024 * 1024;
    state.stacks["app"] = {{"app", {web}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    DesiredSet set = desired_set(state, "a");
    EXPECT_EQ(set.node, "a");
    EXPECT_EQ(set.generation, 2);
    ASSERT_EQ(set.containers.size(), 1u);
    const DesiredContainer& c = set.containers[0];
    EXPECT_EQ(c.stack, "app");
    EXPECT_EQ(c.service, "web");
    EXPECT_EQ(c.image, "nginx:1.27");
    EXPECT_EQ(c.command, web.command);
    EXPECT_EQ(c.environment, web.environment);
    EXPECT_EQ(c.memory_limit, web.memory_limit);
    EXPECT_EQ(c.spec_hash, spec_hash(c));
    EXPECT_TRUE(desired_set(state, "b").containers.empty());
}

// Publishing some nodes' sets builds only their containers, and each is the node's whole set.
TEST(DesiredStateTest, SetsOfSomeNodesBuildOnlyTheirContainers) {
    ClusterState state = two_nodes();
    state.nodes["c"] = node("c");
    state.stacks["app"] = {{"app", {service("web", 6)}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    const std::set<std::string> only_b{"b"};
    auto built = desired_by_node(state, &only_b);
    ASSERT_EQ(built.size(), 1u);
    EXPECT_EQ(built.begin()->first, "b");
    EXPECT_EQ(built.at("b"), desired_set(state, "b").containers);
    EXPECT_EQ(desired_by_node(state).size(), 3u);

    std::vector<DesiredSet> sets = desired_sets(state, {"c", "a"});
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0], desired_set(state, "c"));
    EXPECT_EQ(sets[1], desired_set(state, "a"));
    EXPECT_FALSE(sets[0].containers.empty());
}

// What placement built for the changed nodes is what building their sets afresh gives.
TEST(ReplanTest, ChangedSetsAreTheNewDesiredSets) {
    ClusterState state = two_nodes();
    state.stacks["app"] = {{"app", {service("web", 3)}}, 1, 1};
    Replanned replanned = replan(ClusterState{}, state, PlacementConfig{}, 1);
    ASSERT_EQ(replanned.changed_sets.size(), 2u);
    for (const DesiredSet& set : replanned.changed_sets) {
        EXPECT_TRUE(replanned.changed_nodes.contains(set.node));
        EXPECT_EQ(set, desired_set(state, set.node)) << set.node;
    }
}

// Built sets are published only at their node's current generation; the rest are built.
TEST(DesiredStateTest, BuiltSetsAreUsedOnlyAtTheCurrentGeneration) {
    ClusterState state = two_nodes();
    state.stacks["app"] = {{"app", {service("web", 4)}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    const int64_t a_now = state.nodes.at("a").generation;
    const int64_t b_now = state.nodes.at("b").generation;
    // Marked so that a built set can be told from one built afresh.
    DesiredSet built_a{"a", a_now, {}};
    DesiredSet stale_b{"b", b_now - 1, {}};
    DesiredSet older_a{"a", a_now, desired_set(state, "b").containers};
    std::vector<DesiredSet> sets = desired_sets(state, {"b", "a"}, {older_a, stale_b, built_a});
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0], desired_set(state, "b"));  // the stale one was built afresh
    EXPECT_FALSE(sets[0].containers.empty());
    EXPECT_EQ(sets[1], built_a);  // the later of the two current ones
    EXPECT_EQ(desired_sets(state, {"a"}, {}), std::vector<DesiredSet>{desired_set(state, "a")});
}

TEST(ReplanTest, DiffCarriesReplicasWheneverStacksChange) {
    ClusterState before = two_nodes();
    before.stacks["app"] = {{"app", {service("web", 1)}}, 1, 1};
    ClusterState after = before;
    after.stacks.erase("app");
    StateChange change = diff_states(before, after);
    EXPECT_EQ(change.remove_stacks, std::vector<std::string>{"app"});
    EXPECT_TRUE(change.put_stacks.empty());
    EXPECT_TRUE(change.put_nodes.empty());
    ASSERT_TRUE(change.replicas.has_value());

    ClusterState relabeled = before;
    relabeled.nodes["b"].labels["disk"] = "ssd";
    StateChange label = diff_states(before, relabeled);
    ASSERT_EQ(label.put_nodes.size(), 1u);
    EXPECT_EQ(label.put_nodes[0].name, "b");
    EXPECT_FALSE(label.replicas.has_value());
}

TEST(DesiredStateTest, UnreachableDownAndDrainedNodesTakeNoNewReplicas) {
    NodeRecord offline = node("a", false);
    EXPECT_FALSE(node_info(offline).schedulable);
    EXPECT_EQ(node_info(offline).unschedulable_reason, "node is unreachable");
    EXPECT_TRUE(node_info(offline).retains_placements);  // it may only be slow
    NodeRecord down = node("d", false);
    down.state = NodeState::kDown;
    EXPECT_FALSE(node_info(down).schedulable);
    EXPECT_FALSE(node_info(down).retains_placements);
    EXPECT_TRUE(node_info(down).down);
    NodeRecord drained = node("b");
    drained.drained = true;
    EXPECT_FALSE(node_info(drained).schedulable);
    EXPECT_EQ(node_info(drained).unschedulable_reason, "node is drained");
    EXPECT_FALSE(node_info(drained).retains_placements);
    EXPECT_FALSE(node_info(drained).down);
    EXPECT_TRUE(node_info(node("c")).schedulable);
}

}  // namespace
}  // namespace edge
