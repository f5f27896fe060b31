// Node failure in the hub, driven message by message with a test clock: liveness transitions,
// rescheduling off down nodes, stateful replicas waiting for their volume, fencing of returning
// nodes, flapping stickiness, drain / activate / rm.
#include <gtest/gtest.h>

#include "hub/hub_core_fixture.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::HubCoreTest;

// Defaults: unreachable after 3s without a heartbeat, down 4s later.
constexpr int64_t kPastGrace = 4000;

class NodeFailureTest : public HubCoreTest {
  protected:
    // Two ready nodes; app/web (2 replicas, one per node) and data/db (bound to node "a" by
    // its volume).
    void SetUp() override {
        HubCoreTest::SetUp();
        status("a", true);
        status("b", true);
        ServiceSpec db = testing::service("db", "me/app", 1);
        db.volumes.push_back({VolumeMount::Kind::kNamed, "dbdata", "/data"});
        db.constraints.push_back({"node.hostname", true, "a"});
        deploy({"app", {testing::service("web", "nginx", 2)}});
        deploy({"data", {db}});
        heartbeat("a");
        heartbeat("b");
        ASSERT_EQ(node_of("web", 0), "a");
        ASSERT_EQ(node_of("web", 1), "b");
        ASSERT_EQ(node_of("db", 0), "a");
    }

    std::string node_of(const std::string& service, int replica) const {
        for (const auto& r : core_->state().replicas) {
            if (r.key.service == service && r.key.replica == replica) return r.node;
        }
        return "(none)";
    }
    NodeState state_of(const std::string& node) const {
        return core_->state().nodes.at(node).state;
    }
    bool has_event(const Outcome& outcome, const std::string& message) const {
        for (const auto& event : outcome.events) {
            if (event.message == message) return true;
        }
        return false;
    }
    // Node "a" dies (its will arrives), b keeps heartbeating, the grace period passes.
    Outcome kill_a() {
        status("a", false);
        heartbeat("b");
        tick(2000);
        heartbeat("b");
        return tick(kPastGrace - 2000);
    }
};

TEST_F(NodeFailureTest, ADownNodesStatelessReplicasMoveAndStatefulOnesWait) {
    int64_t generation = core_->state().nodes.at("a").generation;
    status("a", false);
    EXPECT_EQ(state_of("a"), NodeState::kUnreachable);
    heartbeat("b");
    EXPECT_TRUE(tick(1000).events.empty());  // within the grace period nothing moves
    EXPECT_EQ(node_of("web", 0), "a");

    heartbeat("b");
    tick(2000);
    heartbeat("b");
    Outcome down = tick(kPastGrace - 3000);
    EXPECT_EQ(state_of("a"), NodeState::kDown);
    EXPECT_TRUE(has_event(down, "replica 0 moved from a to b"));
    EXPECT_EQ(node_of("web", 0), "b");
    // The db's data is on a: it waits there, shown as pending with a reason to act on.
    EXPECT_EQ(node_of("db", 0), "a");
    json db = ok(ops::kServicePs, {{"service", "db"}});
    EXPECT_EQ(db[0]["state"], "pending");
    EXPECT_EQ(db[0]["reason"], "waiting for a, which holds its volume");
    // a's set lost web: a newer generation, published (retained) for when it comes back.
    EXPECT_TRUE(down.publish_nodes.contains("a"));
    EXPECT_TRUE(down.publish_nodes.contains("b"));
    EXPECT_EQ(core_->state().nodes.at("a").generation, generation + 1);
    EXPECT_EQ(reloaded().nodes.at("a").state, NodeState::kDown);
}

TEST_F(NodeFailureTest, MissedHeartbeatsMakeANodeUnreachable) {
    heartbeat("b");
    EXPECT_TRUE(tick(2000).events.empty());
    heartbeat("b");
    Outcome silent = tick(1500);
    ASSERT_EQ(silent.events.size(), 1u);
    EXPECT_EQ(silent.events[0].subject, "a");
    EXPECT_EQ(silent.events[0].message.rfind("unreachable: no heartbeat for 3.5", 0), 0u)
        << silent.events[0].message;
    // A short cut: a's heartbeats resume within the grace period and nothing has moved.
    heartbeat("a");
    EXPECT_EQ(state_of("a"), NodeState::kReady);
    EXPECT_EQ(node_of("web", 0), "a");
}

// A hub busy with a burst has a's reports queued (or dropped) but not handled: their arrival
// alone keeps a ready. Once they stop arriving, the silence counts from the last one.
TEST_F(NodeFailureTest, ReportsWaitingInABusyHubStillShowTheNodeIsAlive) {
    for (int second = 1; second <= 5; ++second) {
        heartbeat("b");
        core_->reports_arrived({{"a", now_}});
        EXPECT_TRUE(tick(1000).events.empty()) << "second " << second;
    }
    EXPECT_EQ(state_of("a"), NodeState::kReady);
    const int64_t last_arrival = now_;
    core_->reports_arrived({{"a", last_arrival}, {"b", last_arrival}});
    tick(2000);
    EXPECT_EQ(state_of("a"), NodeState::kReady);
    Outcome silent = tick(1500);
    EXPECT_EQ(state_of("a"), NodeState::kUnreachable);
    ASSERT_FALSE(silent.events.empty());
    EXPECT_EQ(silent.events[0].message.rfind("unreachable: no heartbeat for 3.5", 0), 0u)
        << silent.events[0].message;
}

TEST_F(NodeFailureTest, ArrivalsForNamesThatAreNoNodeAreNotKept) {
    core_->reports_arrived({{"ghost", now_}, {"a", now_}});
    EXPECT_EQ(core_->observed().last_arrival_ms("ghost"), 0);
    EXPECT_EQ(core_->observed().last_arrival_ms("a"), now_);
}

TEST(ObservedStateTest, TheLatestOfArrivalAndHandlingCounts) {
    ObservedState observed;
    EXPECT_EQ(observed.last_arrival_ms("a"), 0);
    observed.arrived("a", 500);
    EXPECT_EQ(observed.last_arrival_ms("a"), 500);
    observed.record(NodeReport{"a", 1, {}, 0}, 1000);
    EXPECT_EQ(observed.last_arrival_ms("a"), 1000);
    observed.arrived("a", 900);  // older than the handled report: changes nothing
    EXPECT_EQ(observed.last_arrival_ms("a"), 1000);
    observed.arrived("a", 1200);
    EXPECT_EQ(observed.last_arrival_ms("a"), 1200);
    EXPECT_EQ(observed.last_report_ms("a"), 1000);
}

TEST_F(NodeFailureTest, AReturningNodeIsReadyOnlyOnceItHasStoppedItsStaleCopies) {
    kill_a();
    int64_t fenced = core_->state().nodes.at("a").generation;
    Outcome back = status("a", true);
    EXPECT_TRUE(back.publish_nodes.contains("a"));
    EXPECT_TRUE(
        has_event(back, "connected; ready once it applies generation " + std::to_string(fenced)));
    // Its first heartbeat still shows the old set: it is sent again and a stays down.
    Outcome stale = report("a", fenced - 1);
    EXPECT_TRUE(stale.publish_nodes.contains("a"));
    EXPECT_EQ(state_of("a"), NodeState::kDown);
    // Once it has applied the new set (web is no longer in it), it is ready.
    EXPECT_EQ(core_->desired_set("a").containers.size(), 1u);  // only db
    heartbeat("a");
    EXPECT_EQ(state_of("a"), NodeState::kReady);
    json db = ok(ops::kServicePs, {{"service", "db"}});
    EXPECT_EQ(db[0]["state"], "assigned");
}

TEST_F(NodeFailureTest, MovedReplicasStayWhereTheyAreAndTheReturningNodeGetsOnlyNewWork) {
    kill_a();
    status("a", true);
    heartbeat("a");
    ASSERT_EQ(state_of("a"), NodeState::kReady);
    tick(100);
    EXPECT_EQ(node_of("web", 0), "b");  // no bounce back
    EXPECT_EQ(node_of("web", 1), "b");

    // Flap again: a goes and comes back within the grace period; nothing moves at all.
    int64_t generation = core_->state().nodes.at("a").generation;
    status("a", false);
    heartbeat("b");
    tick(1000);
    status("a", true);
    heartbeat("a");
    EXPECT_EQ(state_of("a"), NodeState::kReady);
    EXPECT_EQ(core_->state().nodes.at("a").generation, generation);

    // New work spreads onto a as usual.
    deploy({"app2", {testing::service("api", "nginx", 2)}});
    std::set<std::string> api_nodes;
    for (const auto& r : core_->state().replicas) {
        if (r.key.stack == "app2") api_nodes.insert(r.node);
    }
    EXPECT_EQ(api_nodes, (std::set<std::string>{"a", "b"}));
}

TEST_F(NodeFailureTest, TheHubDoesNotBlameNodesForItsOwnSilence) {
    now_ += 60'000;  // the hub was cut off from the broker for a minute
    core_->start_watching(now_);
    EXPECT_TRUE(tick(1000).events.empty());
    EXPECT_EQ(state_of("a"), NodeState::kReady);
}

TEST_F(NodeFailureTest, DrainMovesReplicasAwayAndActivateUndoesIt) {
    json row = ok(ops::kNodeDrain, {{"node", "a"}});
    EXPECT_EQ(row["drained"], true);
    EXPECT_EQ(node_of("web", 0), "b");
    // Its volume keeps db on a, which says so.
    EXPECT_EQ(node_of("db", 0), "a");
    json db = ok(ops::kServicePs, {{"service", "db"}});
    EXPECT_EQ(db[0]["reason"], "kept on a, which holds its volume (node is drained)");
    // Nothing new lands on a drained node.
    deploy({"app2", {testing::service("api", "nginx", 2)}});
    for (const auto& r : core_->state().replicas) {
        if (r.key.stack == "app2") {
            EXPECT_EQ(r.node, "b");
        }
    }
    // Draining twice is harmless.
    ok(ops::kNodeDrain, {{"node", "a"}});

    row = ok(ops::kNodeActivate, {{"node", "a"}});
    EXPECT_EQ(row["drained"], false);
    EXPECT_EQ(node_of("web", 0), "b");  // activation moves nothing back
    EXPECT_EQ(ok(ops::kServicePs, {{"service", "db"}})[0]["reason"], "");
    EXPECT_EQ(error(ops::kNodeDrain, {{"node", "zz"}}), "no node named \"zz\"");
}

TEST_F(NodeFailureTest, RemoveRefusesAReadyNodeUnlessForced) {
    EXPECT_NE(error(ops::kNodeRemove, {{"node", "a"}}).find("is ready"), std::string::npos);
    EXPECT_TRUE(reloaded().nodes.contains("a"));

    int64_t generation = core_->state().nodes.at("a").generation;
    Outcome removed = request(ops::kNodeRemove, {{"node", "a"}, {"force", true}});
    ASSERT_TRUE(removed.response && removed.response->ok) << removed.response->error;
    EXPECT_EQ(removed.response->data["moved_replicas"], 2);  // web 0 and db
    // The agent, if it still runs, is told to stop everything.
    ASSERT_EQ(removed.final_sets.size(), 1u);
    EXPECT_EQ(removed.final_sets[0].node, "a");
    EXPECT_EQ(removed.final_sets[0].generation, generation + 1);
    EXPECT_TRUE(removed.final_sets[0].containers.empty());

    ClusterState state = reloaded();
    EXPECT_FALSE(state.nodes.contains("a"));
    EXPECT_EQ(node_of("web", 0), "b");
    // The node that held db's volume is gone for good: db cannot meet its constraint anywhere.
    EXPECT_EQ(node_of("db", 0), "");
    EXPECT_EQ(ok(ops::kNodeList).size(), 1u);
}

TEST_F(NodeFailureTest, RemoveTakesADownNodeWithoutForce) {
    kill_a();
    json data = ok(ops::kNodeRemove, {{"node", "a"}});
    EXPECT_EQ(data["node"], "a");
    EXPECT_FALSE(reloaded().nodes.contains("a"));
    EXPECT_NE(error(ops::kNodeRemove, {{"node", "a"}}).find("no node named"), std::string::npos);
    EXPECT_NE(error(ops::kNodeRemove, {{"node", "b"}, {"force", "yes"}}).find("true or false"),
              std::string::npos);
}

}  // namespace
}  // namespace edge
