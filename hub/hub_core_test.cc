// HubCore driven message by message on a real SQLite file, with no broker: what it stores,
// what it answers and what it asks the I/O layer to publish.
#include "hub/hub_core.h"

#include <gtest/gtest.h>

#include "hub/hub_core_fixture.h"
#include "hub/state/desired_state.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::HubCoreTest;
using testing::nuc_facts;
using testing::pi_facts;
using testing::service;

// --- nodes ----------------------------------------------------------------------------------

TEST_F(HubCoreTest, ANodeJoinsAndGetsAnEmptyDesiredSet) {
    Outcome joined = status("nuc-1", true);
    EXPECT_EQ(joined.publish_nodes, std::set<std::string>{"nuc-1"});
    ASSERT_EQ(joined.events.size(), 1u);
    EXPECT_EQ(joined.events[0].kind, "node");
    EXPECT_EQ(joined.events[0].message.rfind("joined: 16.0 GiB, amd64", 0), 0u)
        << joined.events[0].message;

    NodeRecord node = reloaded().nodes.at("nuc-1");
    EXPECT_TRUE(node.online);
    EXPECT_EQ(node.facts, nuc_facts());
    EXPECT_EQ(node.generation, 1);
    DesiredSet set = core_->desired_set("nuc-1");
    EXPECT_EQ(set.generation, 1);
    EXPECT_TRUE(set.containers.empty());

    // The same retained status again changes nothing but last_seen.
    Outcome again = status("nuc-1", true);
    EXPECT_TRUE(again.publish_nodes.empty());
    EXPECT_TRUE(again.events.empty());
    EXPECT_EQ(reloaded().nodes.at("nuc-1").generation, 1);
}

TEST_F(HubCoreTest, ANodeClaimingImpossibleFactsIsDrainedAndGetsNothing) {
    status("nuc-1", true);
    NodeFacts boast = nuc_facts();
    boast.memory_total = 64 * 1024 * kGiB;
    Outcome joined = status("liar", true, boast);
    ASSERT_EQ(joined.events.size(), 2u);
    EXPECT_EQ(joined.events[1].message,
              "drained: its facts cannot be true (it claims 64.0 TiB of memory, more than the "
              "4.0 TiB any node could have); check the node, then `edgectl node activate liar`");
    EXPECT_TRUE(reloaded().nodes.at("liar").drained);

    deploy({"blog", {service("web", "nginx:1.27", 3)}});
    for (const auto& replica : core_->state().replicas) EXPECT_EQ(replica.node, "nuc-1");

    // An activation does not outlast the claim: the next status drains it again.
    request(ops::kNodeActivate, {{"node", "liar"}});
    status("liar", true, boast);
    EXPECT_TRUE(reloaded().nodes.at("liar").drained);
}

TEST_F(HubCoreTest, TheWillMessageMarksANodeUnreachableAndItsReplicasStay) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx", 1)}});
    int64_t generation = core_->state().nodes.at("nuc-1").generation;

    Outcome gone = status("nuc-1", false);
    ASSERT_EQ(gone.events.size(), 1u);
    EXPECT_EQ(gone.events[0].message,
              "unreachable: connection lost (will message from the broker)");
    EXPECT_TRUE(gone.publish_nodes.empty());
    ClusterState state = reloaded();
    EXPECT_FALSE(state.nodes.at("nuc-1").online);
    EXPECT_EQ(state.nodes.at("nuc-1").state, NodeState::kUnreachable);
    EXPECT_EQ(state.nodes.at("nuc-1").facts, nuc_facts());  // facts survive going offline
    EXPECT_EQ(state.nodes.at("nuc-1").generation, generation);
    EXPECT_EQ(state.replicas.at(0).node, "nuc-1");

    json rows = ok(ops::kServicePs, {{"service", "web"}});
    EXPECT_EQ(rows[0]["state"], "unknown");

    // Coming back republishes its set even though nothing in it changed; it is ready once a
    // heartbeat shows it runs that set.
    Outcome back = status("nuc-1", true);
    EXPECT_EQ(back.publish_nodes, std::set<std::string>{"nuc-1"});
    EXPECT_EQ(core_->state().nodes.at("nuc-1").state, NodeState::kUnreachable);
    Outcome ready = heartbeat("nuc-1");
    ASSERT_EQ(ready.events.size(), 1u);
    EXPECT_EQ(ready.events[0].message, "ready: back");
}

TEST_F(HubCoreTest, AReportFromAheadOfTheStoreMovesTheGenerationPastIt) {
    status("nuc-1", true);
    Outcome outcome = report("nuc-1", 41);
    EXPECT_EQ(outcome.publish_nodes, std::set<std::string>{"nuc-1"});
    EXPECT_EQ(reloaded().nodes.at("nuc-1").generation, 42);
    EXPECT_EQ(core_->desired_set("nuc-1").generation, 42);
    ASSERT_EQ(outcome.events.size(), 1u);
    EXPECT_NE(outcome.events[0].message.find("newer than the stored 1"), std::string::npos);

    // An agent that is merely up to date changes nothing.
    EXPECT_TRUE(report("nuc-1", 42).publish_nodes.empty());
}

// --- deploy ---------------------------------------------------------------------------------

TEST_F(HubCoreTest, DeployCommitsPlacesAndPublishes) {
    status("nuc-1", true);
    status("nuc-2", true);
    status("pi-1", true, pi_facts());
    ServiceSpec web = service("web", "nginx:1.27", 2);
    ServiceSpec db = service("db", "postgres:16", 1);
    db.constraints = {{"node.hostname", true, "pi-1"}};  // only a Pi: stays pending
    Outcome outcome = deploy({"blog", {web, db}});

    ASSERT_TRUE(outcome.response && outcome.response->ok) << outcome.response->error;
    const json& data = outcome.response->data;
    EXPECT_EQ(data["stack"], "blog");
    ASSERT_EQ(data["replicas"].size(), 3u);
    json pending = data["replicas"][0];  // sorted by key: db first
    EXPECT_EQ(pending["service"], "db");
    EXPECT_EQ(pending["state"], "pending");
    EXPECT_EQ(pending["node"], "");
    EXPECT_EQ(pending["reason"],
              "nuc-1: constraint node.hostname==pi-1 not met; "
              "nuc-2: constraint node.hostname==pi-1 not met; "
              "pi-1: low-power node and service is a database");
    EXPECT_EQ(data["replicas"][1]["state"], "assigned");
    for (const char* key :
         {"stack", "service", "replica", "node", "state", "reason", "memory_limit",
          "memory_reservation", "image", "container_id", "spec_hash"}) {
        EXPECT_TRUE(pending.contains(key)) << key;
    }

    // The web replicas spread over the two NUCs, which have the most free memory.
    EXPECT_EQ(outcome.publish_nodes, (std::set<std::string>{"nuc-1", "nuc-2"}));
    EXPECT_EQ(core_->desired_set("nuc-1").generation, 2);
    EXPECT_EQ(core_->desired_set("pi-1").generation, 1);
    EXPECT_EQ(core_->desired_set("nuc-1").containers.size(), 1u);
    // Building many sets in one pass gives each node exactly its own set.
    std::vector<std::string> nodes = core_->node_names();
    std::vector<DesiredSet> sets = desired_sets(core_->state(), nodes);
    ASSERT_EQ(sets.size(), nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) EXPECT_EQ(sets[i], core_->desired_set(nodes[i]));

    // Durable: a fresh store on the same file holds exactly what the hub holds.
    EXPECT_EQ(reloaded(), core_->state());
    EXPECT_EQ(stored_events("deploy").at(0).message, "deployed 2 service(s): web, db");
}

TEST_F(HubCoreTest, ADryRunDeployAnswersThePlanAndChangesNothing) {
    status("nuc-1", true);
    status("pi-1", true, pi_facts());
    deploy({"blog", {service("web", "nginx:1.27", 1)}});
    ClusterState before = core_->state();
    size_t events_before = stored_events("deploy").size();
    int64_t nuc_generation = core_->desired_set("nuc-1").generation;

    ServiceSpec web = service("web", "nginx:1.28", 2);
    ServiceSpec db = service("db", "postgres:16", 1);
    db.constraints = {{"node.hostname", true, "nowhere"}};
    Outcome outcome =
        request(ops::kDeploy, {{"stack", stack_to_json({"blog", {web, db}})}, {"dry_run", true}});
    ASSERT_TRUE(outcome.response && outcome.response->ok) << outcome.response->error;
    const json& data = outcome.response->data;
    EXPECT_EQ(data["dry_run"], true);
    ASSERT_EQ(data["replicas"].size(), 3u);
    EXPECT_EQ(data["replicas"][0]["service"], "db");
    EXPECT_EQ(data["replicas"][0]["state"], "pending");
    EXPECT_EQ(data["replicas"][0]["reason"],
              "nuc-1: constraint node.hostname==nowhere not met; "
              "pi-1: constraint node.hostname==nowhere not met");
    EXPECT_EQ(data["replicas"][2]["service"], "web");
    EXPECT_EQ(data["replicas"][2]["image"], "nginx:1.28");
    EXPECT_NE(data["replicas"][2]["node"], "");
    EXPECT_FALSE(data["plan"].empty());
    for (const auto& line : data["plan"]) {
        EXPECT_EQ(line.get<std::string>().rfind("blog/", 0), 0u) << line;
    }

    // Nothing stored, published or announced: memory and disk hold the state from before.
    EXPECT_TRUE(outcome.publish_nodes.empty());
    EXPECT_TRUE(outcome.events.empty());
    EXPECT_EQ(core_->state(), before);
    EXPECT_EQ(reloaded(), before);
    EXPECT_EQ(stored_events("deploy").size(), events_before);
    EXPECT_EQ(core_->desired_set("nuc-1").generation, nuc_generation);

    // An invalid stack is refused in a dry run as in a real one.
    EXPECT_NE(error(ops::kDeploy, {{"stack", {{"name", "blog"}}}, {"dry_run", true}}), "");
}

TEST_F(HubCoreTest, AnInvalidStackIsRefusedAndNothingIsStored) {
    status("nuc-1", true);
    json broken = stack_to_json({"app", {service("web", "nginx", 1)}});
    broken["services"][0]["memory_limit"] = "lots";
    std::string message = error(ops::kDeploy, {{"stack", broken}});
    EXPECT_NE(message.find("memory_limit"), std::string::npos) << message;

    StackSpec twice{"app", {service("web", "nginx", 1), service("web", "nginx", 1)}};
    EXPECT_NE(error(ops::kDeploy, {{"stack", stack_to_json(twice)}}).find("more than once"),
              std::string::npos);

    ServiceSpec bad_constraint = service("web", "nginx", 1);
    bad_constraint.constraints = {{"node.colour", true, "red"}};
    EXPECT_NE(error(ops::kDeploy, {{"stack", stack_to_json({"app", {bad_constraint}})}})
                  .find("unknown key \"node.colour\""),
              std::string::npos);

    EXPECT_EQ(error(ops::kDeploy), "missing argument \"stack\"");
    EXPECT_TRUE(reloaded().stacks.empty());
}

TEST_F(HubCoreTest, RedeployRemovesDroppedServicesFromDesiredSets) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx", 1), service("cache", "memcached", 1)}});
    ASSERT_EQ(core_->desired_set("nuc-1").containers.size(), 2u);
    int64_t generation = core_->desired_set("nuc-1").generation;

    Outcome outcome = deploy({"app", {service("web", "nginx", 1)}});
    ASSERT_TRUE(outcome.response->ok);
    EXPECT_EQ(outcome.publish_nodes, std::set<std::string>{"nuc-1"});
    DesiredSet set = core_->desired_set("nuc-1");
    EXPECT_EQ(set.generation, generation + 1);
    ASSERT_EQ(set.containers.size(), 1u);
    EXPECT_EQ(set.containers[0].service, "web");
    EXPECT_EQ(outcome.events.at(0).message, "deployed 1 service(s): web; removed: cache");

    // Deploying the same thing again does not touch the node's generation.
    Outcome same = deploy({"app", {service("web", "nginx", 1)}});
    EXPECT_TRUE(same.publish_nodes.empty());
    EXPECT_EQ(core_->desired_set("nuc-1").generation, generation + 1);
}

TEST_F(HubCoreTest, PendingReplicasAreRetriedWhenANodeJoins) {
    Outcome outcome = deploy({"app", {service("web", "nginx", 1)}});
    EXPECT_EQ(outcome.response->data["replicas"][0]["reason"], "no nodes have joined");
    Outcome joined = status("nuc-1", true);
    EXPECT_EQ(joined.publish_nodes, std::set<std::string>{"nuc-1"});
    EXPECT_EQ(core_->desired_set("nuc-1").containers.size(), 1u);
    EXPECT_EQ(core_->desired_set("nuc-1").generation, 2);
}

TEST_F(HubCoreTest, StackRemoveFreesItsNodes) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx", 2)}});
    json data = ok(ops::kStackRemove, {{"stack", "app"}});
    EXPECT_EQ(data, json({{"stack", "app"}, {"removed_services", 1}}));
    EXPECT_TRUE(core_->desired_set("nuc-1").containers.empty());
    EXPECT_TRUE(reloaded().replicas.empty());
    EXPECT_EQ(error(ops::kStackRemove, {{"stack", "app"}}), "no stack named \"app\"");
    EXPECT_EQ(stored_events("remove").size(), 1u);
}

// --- queries --------------------------------------------------------------------------------

TEST_F(HubCoreTest, ServicePsResolvesNamesAndReportsObservedState) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx", 3)}});
    deploy({"other", {service("web", "nginx", 1), service("api", "me/api:1", 1)}});

    std::string ambiguous = error(ops::kServicePs, {{"service", "web"}});
    EXPECT_EQ(ambiguous,
              "service name \"web\" is in several stacks; use one of: app/web, other/web");
    EXPECT_EQ(error(ops::kServicePs, {{"service", "nope"}}), "no service named \"nope\"");
    EXPECT_EQ(error(ops::kServicePs), "missing argument \"service\"");
    EXPECT_EQ(ok(ops::kServicePs, {{"service", "api"}}).size(), 1u);

    std::vector<DesiredContainer> desired = core_->desired_set("nuc-1").containers;
    ASSERT_EQ(desired.size(), 5u);  // app/web x3, other/api, other/web: sorted by key
    ObservedContainer outdated = running(desired[1]);
    outdated.spec_hash = "0000000000000000";
    report("nuc-1", 3, {running(desired[0]), outdated, running(desired[2], "exited")});

    json rows = ok(ops::kServicePs, {{"service", "app/web"}});
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0]["state"], "running");
    EXPECT_EQ(rows[0]["container_id"], "id-web0");
    EXPECT_EQ(rows[1]["state"], "outdated");
    EXPECT_EQ(rows[2]["state"], "exited");

    json services = ok(ops::kServiceList, {{"stack", "app"}});
    ASSERT_EQ(services.size(), 1u);
    EXPECT_EQ(services[0]["desired"], 3);
    EXPECT_EQ(services[0]["running"], 1);  // only the one running the current spec
    EXPECT_EQ(services[0]["mode"], "replicated");
    EXPECT_EQ(services[0]["memory_reservation"], kDefaultMemoryLimit);
    EXPECT_EQ(ok(ops::kServiceList).size(), 3u);
    EXPECT_EQ(error(ops::kServiceList, {{"stack", "nope"}}), "no stack named \"nope\"");

    json stacks = ok(ops::kStackList);
    ASSERT_EQ(stacks.size(), 2u);
    EXPECT_EQ(stacks[0]["name"], "app");
    EXPECT_EQ(stacks[0]["services"], 1);
    EXPECT_EQ(stacks[0]["desired"], 3);
    EXPECT_EQ(stacks[0]["running"], 1);
}

// node ls counts every node's replicas in one pass; each row must match the node's own.
TEST_F(HubCoreTest, NodeListCountsEachNodesReplicas) {
    status("pi-1", true, pi_facts());
    status("pi-2", true, pi_facts());
    deploy({"app", {service("web", "nginx", 5)}});
    status("pi-3", true, pi_facts());  // joined after the deploy: nothing is moved to it

    std::map<std::string, int> placed;
    for (const auto& replica : core_->state().replicas) ++placed[replica.node];
    ASSERT_EQ(placed.size(), 2u);
    json nodes = ok(ops::kNodeList);
    ASSERT_EQ(nodes.size(), 3u);
    int listed = 0;
    for (const json& row : nodes) {
        const std::string name = row["name"];
        EXPECT_EQ(row["replicas"], placed[name]) << name;
        EXPECT_EQ(row["reserved"], placed[name] * kDefaultMemoryLimit) << name;
        listed += row["replicas"].get<int>();
        json alone = ok(ops::kNodeLabel, {{"node", name}, {"set", json::object()}});
        EXPECT_EQ(alone["replicas"], row["replicas"]) << name;
        EXPECT_EQ(alone["reserved"], row["reserved"]) << name;
    }
    EXPECT_EQ(listed, 5);
    EXPECT_EQ(nodes[2]["replicas"], 0);
}

TEST_F(HubCoreTest, NodeListAndLabels) {
    status("pi-1", true, pi_facts());
    ServiceSpec web = service("web", "nginx", 1);
    web.constraints = {{"node.labels.disk", true, "ssd"}};
    deploy({"app", {web}});
    EXPECT_EQ(core_->state().replicas.at(0).node, "");

    json row = ok(ops::kNodeLabel, {{"node", "pi-1"}, {"set", {{"disk", "ssd"}}}});
    EXPECT_EQ(row["labels"], json({{"disk", "ssd"}}));
    EXPECT_EQ(core_->state().replicas.at(0).node, "pi-1");  // re-planned on label
    EXPECT_EQ(row["replicas"], 1);

    json nodes = ok(ops::kNodeList);
    ASSERT_EQ(nodes.size(), 1u);
    json pi = nodes[0];
    EXPECT_EQ(pi["name"], "pi-1");
    EXPECT_EQ(pi["state"], "ready");
    EXPECT_EQ(pi["class"], "low-power");
    EXPECT_EQ(pi["storage"], "sd");
    EXPECT_EQ(pi["allocatable"], 4 * kGiB - 256 * kMiB);
    EXPECT_EQ(pi["reserved"], kDefaultMemoryLimit);
    EXPECT_EQ(pi["generation"], 2);
    for (const char* key : {"name", "state", "online", "class", "arch", "cpus", "storage", "model",
                            "memory_total", "allocatable", "reserved", "replicas", "labels",
                            "last_seen_ms", "generation", "observed_generation"}) {
        EXPECT_TRUE(pi.contains(key)) << key;
    }

    // Removing the label evicts the replica: the constraint no longer holds, so it goes back
    // to pending with a reason.
    ok(ops::kNodeLabel, {{"node", "pi-1"}, {"remove", {"disk"}}});
    EXPECT_EQ(core_->state().replicas.at(0).reason,
              "pi-1: constraint node.labels.disk==ssd not met");
    EXPECT_EQ(error(ops::kNodeLabel, {{"node", "ghost"}}), "no node named \"ghost\"");
    EXPECT_NE(error(ops::kNodeLabel, {{"node", "pi-1"}, {"set", {{"bad key", "x"}}}})
                  .find("may contain only"),
              std::string::npos);
}

TEST_F(HubCoreTest, EventsAreListedOldestFirst) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx", 1)}});
    json events = ok(ops::kEvents);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0]["kind"], "node");
    EXPECT_EQ(events[1]["kind"], "deploy");
    EXPECT_EQ(events[2]["kind"], "placement");
    EXPECT_EQ(ok(ops::kEvents, {{"limit", 1}})[0]["kind"], "placement");
    EXPECT_NE(error(ops::kEvents, {{"limit", "ten"}}).find("expected an integer"),
              std::string::npos);
    EXPECT_NE(error("stack.explode").find("unknown operation"), std::string::npos);
}

// --- bad input ------------------------------------------------------------------------------

TEST_F(HubCoreTest, MismatchedAndMalformedMessagesAreRejectedWithoutChangingState) {
    status("nuc-1", true);
    ClusterState before = reloaded();

    NodeStatus impostor{"nuc-2", true, nuc_facts(), ""};
    core_->handle_message(topics_.status("nuc-1"), encode_status(impostor), false, now_++);
    core_->handle_message(topics_.status("nuc-1"), "{not json", false, now_++);
    core_->handle_message(topics_.report("nuc-1"), encode_report({"nuc-2", 1000, {}, 0}), false,
                          now_++);
    core_->handle_message(topics_.report("nuc-1"), R"({"v":1,"node":"nuc-1"})", false, now_++);
    Outcome unanswerable = core_->handle_message(
        topics_.requests(), encode_request({ops::kStackRemove, {{"stack", "x"}}}), false, now_++);
    EXPECT_FALSE(unanswerable.response.has_value());
    Outcome malformed = core_->handle_message(topics_.requests(), "[]", true, now_++);
    ASSERT_TRUE(malformed.response.has_value());
    EXPECT_FALSE(malformed.response->ok);
    EXPECT_NE(malformed.response->error.find("malformed request"), std::string::npos);

    EXPECT_EQ(reloaded(), before);
    EXPECT_EQ(core_->state(), before);
    std::vector<Event> rejected = stored_events("rejected");
    ASSERT_EQ(rejected.size(), 6u);
    EXPECT_EQ(rejected[0].subject, "edgeorch/nodes/nuc-1/status");
    EXPECT_NE(rejected[0].message.find("status names node \"nuc-2\""), std::string::npos);
    EXPECT_NE(rejected[3].message.find("observed_generation"), std::string::npos)
        << rejected[3].message;
}

TEST_F(HubCoreTest, AFloodOfBadMessagesIsRateLimited) {
    int64_t now = now_;
    for (int i = 0; i < 500; ++i) {
        core_->handle_message(topics_.status("pi-1"), "garbage", false, now);
    }
    EXPECT_EQ(stored_events("rejected").size(), 20u);
    // Later, one more gets through and says how many were dropped silently.
    core_->handle_message(topics_.status("pi-1"), "garbage", false, now + 1000);
    std::vector<Event> rejected = stored_events("rejected");
    ASSERT_EQ(rejected.size(), 21u);
    EXPECT_NE(rejected.back().message.find("480 similar messages"), std::string::npos)
        << rejected.back().message;
}

// --- restart --------------------------------------------------------------------------------

TEST_F(HubCoreTest, ARestartedHubHasTheSameDesiredSets) {
    status("nuc-1", true);
    status("nuc-2", true);
    deploy({"app", {service("web", "nginx", 3)}});
    DesiredSet one = core_->desired_set("nuc-1");
    DesiredSet two = core_->desired_set("nuc-2");
    open();
    EXPECT_EQ(core_->node_names(), (std::vector<std::string>{"nuc-1", "nuc-2"}));
    EXPECT_EQ(core_->desired_set("nuc-1"), one);
    EXPECT_EQ(core_->desired_set("nuc-2"), two);
}

}  // namespace
}  // namespace edge
