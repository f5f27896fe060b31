#include "core/reconcile/reconcile.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edge {
namespace {

DesiredContainer want(const std::string& service, int replica, const std::string& hash,
                      RestartPolicy restart = RestartPolicy::kAlways) {
    DesiredContainer c;
    c.stack = "home";
    c.service = service;
    c.replica = replica;
    c.image = "busybox:latest";
    c.restart = restart;
    c.spec_hash = hash;
    return c;
}

ObservedContainer seen(const std::string& id, const std::string& service, int replica,
                       const std::string& hash, const std::string& state, int exit_code = 0) {
    ObservedContainer c;
    c.id = id;
    c.name = container_name("pi1", "home", service, replica);
    c.stack = "home";
    c.service = service;
    c.replica = replica;
    c.spec_hash = hash;
    c.state = state;
    c.exit_code = exit_code;
    return c;
}

// One expected action, written compactly: kind plus the container id (start/remove) or the
// container name (create).
struct Expected {
    ReconcileAction::Kind kind;
    std::string target;
};

struct Case {
    std::string name;
    std::vector<DesiredContainer> desired;
    std::vector<ObservedContainer> observed;
    std::vector<Expected> expected;  // in order
};

using K = ReconcileAction::Kind;
const RestartPolicy kNo = RestartPolicy::kNo;
const RestartPolicy kOnFailure = RestartPolicy::kOnFailure;
const RestartPolicy kUnlessStopped = RestartPolicy::kUnlessStopped;

std::vector<Case> cases() {
    return {
        {"empty desired and nothing observed", {}, {}, {}},
        {"missing container is created",
         {want("web", 0, "h1")},
         {},
         {{K::kCreate, "edge-home-web-0.pi1"}}},
        {"converged node needs nothing",
         {want("web", 0, "h1"), want("web", 1, "h1")},
         {seen("a", "web", 0, "h1", "running"), seen("b", "web", 1, "h1", "running")},
         {}},
        {"restarting container is left to the engine",
         {want("web", 0, "h1")},
         {seen("a", "web", 0, "h1", "restarting")},
         {}},
        {"changed spec hash replaces the container, removal first",
         {want("web", 0, "h2")},
         {seen("a", "web", 0, "h1", "running")},
         {{K::kRemove, "a"}, {K::kCreate, "edge-home-web-0.pi1"}}},
        {"undesired container is removed",
         {want("web", 0, "h1")},
         {seen("a", "web", 0, "h1", "running"), seen("z", "db", 0, "h9", "running")},
         {{K::kRemove, "z"}}},
        {"scale down removes the extra replica",
         {want("web", 0, "h1")},
         {seen("a", "web", 0, "h1", "running"), seen("b", "web", 1, "h1", "running")},
         {{K::kRemove, "b"}}},
        {"duplicates keep the running one with the right hash",
         {want("web", 0, "h1")},
         {seen("old", "web", 0, "h0", "running"), seen("stopped", "web", 0, "h1", "exited"),
          seen("good", "web", 0, "h1", "running")},
         {{K::kRemove, "old"}, {K::kRemove, "stopped"}}},
        {"duplicates with no right hash are all replaced",
         {want("web", 0, "h2")},
         {seen("a", "web", 0, "h1", "running"), seen("b", "web", 0, "h0", "exited")},
         {{K::kRemove, "a"}, {K::kRemove, "b"}, {K::kCreate, "edge-home-web-0.pi1"}}},
        {"exited with restart always is started",
         {want("web", 0, "h1")},
         {seen("a", "web", 0, "h1", "exited", 0)},
         {{K::kStart, "a"}}},
        {"exited with unless-stopped is started",
         {want("web", 0, "h1", kUnlessStopped)},
         {seen("a", "web", 0, "h1", "exited", 137)},
         {{K::kStart, "a"}}},
        {"exited with restart no stays stopped",
         {want("job", 0, "h1", kNo)},
         {seen("a", "job", 0, "h1", "exited", 1)},
         {}},
        {"on-failure restarts a failed container",
         {want("job", 0, "h1", kOnFailure)},
         {seen("a", "job", 0, "h1", "exited", 2)},
         {{K::kStart, "a"}}},
        {"on-failure leaves a clean exit alone",
         {want("job", 0, "h1", kOnFailure)},
         {seen("a", "job", 0, "h1", "exited", 0)},
         {}},
        {"created but never started gets its first start even with restart no",
         {want("job", 0, "h1", kNo)},
         {seen("a", "job", 0, "h1", "created")},
         {{K::kStart, "a"}}},
        {"dead container is replaced, since the engine cannot start it",
         {want("web", 0, "h1")},
         {seen("a", "web", 0, "h1", "dead")},
         {{K::kRemove, "a"}, {K::kCreate, "edge-home-web-0.pi1"}}},
        {"removals come before creates and starts in a mixed pass",
         {want("web", 0, "h1"), want("api", 0, "h3"), want("cache", 0, "h4")},
         {seen("w", "web", 0, "h1", "exited", 1), seen("x", "old", 0, "h5", "running"),
          seen("c", "cache", 0, "h0", "running")},
         {{K::kRemove, "c"},
          {K::kRemove, "x"},
          {K::kStart, "w"},
          {K::kCreate, "edge-home-api-0.pi1"},
          {K::kCreate, "edge-home-cache-0.pi1"}}},
        {"a repeated desired identity is acted on once",
         {want("web", 0, "h1"), want("web", 0, "h1")},
         {},
         {{K::kCreate, "edge-home-web-0.pi1"}}},
    };
}

const char* kind_name(K kind) {
    switch (kind) {
        case K::kCreate:
            return "create";
        case K::kStart:
            return "start";
        case K::kRemove:
            return "remove";
        case K::kRestart:
            return "restart";
    }
    return "?";
}

std::string render(const std::vector<ReconcileAction>& actions) {
    std::string text;
    for (const auto& action : actions) {
        std::string target =
            action.kind == K::kCreate ? action.container_name : action.container_id;
        text += std::string(kind_name(action.kind)) + " " + target + "; ";
    }
    return text;
}

std::string render(const std::vector<Expected>& expected) {
    std::string text;
    for (const auto& e : expected) text += std::string(kind_name(e.kind)) + " " + e.target + "; ";
    return text;
}

TEST(ReconcileTest, Table) {
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.name);
        DesiredSet set{"pi1", 7, c.desired};
        std::vector<ReconcileAction> actions = reconcile(set, c.observed, 1000);
        EXPECT_EQ(render(actions), render(c.expected));
        for (const auto& action : actions) EXPECT_FALSE(action.why.empty());
    }
}

TEST(ReconcileTest, CreateCarriesTheDesiredContainer) {
    DesiredContainer web = want("web", 2, "h1");
    web.memory_limit = 64 * 1024 * 1024;
    auto actions = reconcile(DesiredSet{"pi1", 1, {web}}, {}, 0);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].desired, web);
    EXPECT_EQ(actions[0].container_name, "edge-home-web-2.pi1");
}

TEST(ReconcileTest, ApplyingTheResultConverges) {
    // Simulate the engine: apply the actions to the observed list, then reconcile again.
    std::vector<DesiredContainer> desired = {want("web", 0, "h2"), want("web", 1, "h2"),
                                             want("db", 0, "h7", kOnFailure)};
    std::vector<ObservedContainer> observed = {
        seen("a", "web", 0, "h1", "running"), seen("b", "web", 0, "h2", "exited", 1),
        seen("c", "gone", 0, "h3", "running"), seen("d", "db", 0, "h7", "exited", 3)};
    DesiredSet set{"pi1", 3, desired};
    int next_id = 0;
    for (const auto& action : reconcile(set, observed, 0)) {
        switch (action.kind) {
            case K::kRemove:
                std::erase_if(observed, [&](const auto& o) { return o.id == action.container_id; });
                break;
            case K::kStart:
            case K::kRestart:
                for (auto& o : observed) {
                    if (o.id == action.container_id) o.state = "running";
                }
                break;
            case K::kCreate: {
                const auto& d = action.desired;
                observed.push_back(seen("new" + std::to_string(next_id++), d.service, d.replica,
                                        d.spec_hash, "running"));
                break;
            }
        }
    }
    EXPECT_TRUE(reconcile(set, observed, 0).empty()) << render(reconcile(set, observed, 0));
    EXPECT_EQ(observed.size(), 3u);
}

ObservedContainer with_health(ObservedContainer c, const std::string& health) {
    c.health = health;
    return c;
}

TEST(ReconcileTest, UnhealthyReplicasAreRestartedPerTheirPolicy) {
    std::vector<DesiredContainer> desired = {
        want("web", 0, "h1"), want("api", 0, "h1", RestartPolicy::kOnFailure),
        want("job", 0, "h1", RestartPolicy::kNo), want("db", 0, "h1")};
    std::vector<ObservedContainer> observed = {
        with_health(seen("a", "web", 0, "h1", "running"), "unhealthy"),
        with_health(seen("b", "api", 0, "h1", "running"), "unhealthy"),
        // Policy "no": left as it is, for a person to look at.
        with_health(seen("c", "job", 0, "h1", "running"), "unhealthy"),
        // Still starting or healthy: nothing to do.
        with_health(seen("d", "db", 0, "h1", "running"), "starting")};
    auto actions = reconcile(DesiredSet{"pi1", 1, desired}, observed, 0);
    EXPECT_EQ(render(actions), "restart a; restart b; ");
    for (const auto& action : actions) {
        EXPECT_NE(action.why.find("is unhealthy"), std::string::npos) << action.why;
    }
}

DesiredContainer start_first(DesiredContainer c) {
    c.start_first = true;
    return c;
}

TEST(ReconcileTest, StartFirstKeepsTheOldContainerUntilItsSuccessorIsUp) {
    DesiredSet set{"pi1", 2, {start_first(want("web", 0, "h2aaaaaaaaaaaaaa"))}};
    // The old container keeps its name, so the successor gets one suffixed with its hash.
    std::vector<ObservedContainer> observed = {seen("old", "web", 0, "h1", "running")};
    auto actions = reconcile(set, observed, 0);
    EXPECT_EQ(render(actions), "create edge-home-web-0.pi1-h2aaaaaa; ");

    ObservedContainer successor = seen("new", "web", 0, "h2aaaaaaaaaaaaaa", "running");
    successor.name = "edge-home-web-0.pi1-h2aaaaaa";
    observed.push_back(with_health(successor, "starting"));
    EXPECT_EQ(render(reconcile(set, observed, 0)), "") << "both run while the new one starts";

    observed.back().health = "healthy";
    actions = reconcile(set, observed, 0);
    EXPECT_EQ(render(actions), "remove old; ");
    EXPECT_NE(actions[0].why.find("successor is up"), std::string::npos) << actions[0].why;
}

TEST(ReconcileTest, StartFirstSuccessorThatFailsLeavesTheOldOneServing) {
    DesiredSet set{"pi1", 2, {start_first(want("web", 0, "h2", RestartPolicy::kNo))}};
    std::vector<ObservedContainer> observed = {seen("old", "web", 0, "h1", "running"),
                                               seen("new", "web", 0, "h2", "exited", 1)};
    EXPECT_EQ(render(reconcile(set, observed, 0)), "");

    // Rolled back: the old spec is desired again, and the failed successor goes.
    DesiredSet back{"pi1", 3, {start_first(want("web", 0, "h1"))}};
    EXPECT_EQ(render(reconcile(back, observed, 0)), "remove new; ");
}

TEST(ReconcileTest, StartFirstSuccessorTakesTheUsualNameBack) {
    // The last start-first replacement left the replica under the suffixed name.
    ObservedContainer old = seen("old", "web", 0, "h2", "running");
    old.name = "edge-home-web-0.pi1-h2";
    DesiredSet set{"pi1", 4, {start_first(want("web", 0, "h3"))}};
    EXPECT_EQ(render(reconcile(set, {old}, 0)), "create edge-home-web-0.pi1; ");
}

TEST(ReconcileTest, StartFirstWithAHostPortReplacesStopFirst) {
    DesiredContainer web = start_first(want("web", 0, "h2"));
    web.ports = {PortMapping{80, 8080, "tcp", ""}};
    std::vector<ObservedContainer> observed = {seen("old", "web", 0, "h1", "running")};
    EXPECT_EQ(render(reconcile(DesiredSet{"pi1", 2, {web}}, observed, 0)),
              "remove old; create edge-home-web-0.pi1; ");
    // A stopped old container serves nobody: no reason to keep it either.
    DesiredSet plain{"pi1", 2, {start_first(want("web", 0, "h2"))}};
    EXPECT_EQ(render(reconcile(plain, {seen("old", "web", 0, "h1", "exited")}, 0)),
              "remove old; create edge-home-web-0.pi1; ");
}

}  // namespace
}  // namespace edge
