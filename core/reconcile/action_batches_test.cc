#include "core/reconcile/action_batches.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace edge {
namespace {

using Kind = ReconcileAction::Kind;
using Batches = std::vector<std::vector<size_t>>;

ReconcileAction action(Kind kind, const std::string& service, int replica,
                       std::vector<std::string> depends_on = {}) {
    ReconcileAction a;
    a.kind = kind;
    a.desired.stack = "home";
    a.desired.service = service;
    a.desired.replica = replica;
    a.desired.depends_on = std::move(depends_on);
    a.container_name = "edge-home-" + service + "-" + std::to_string(replica);
    return a;
}

TEST(ConcurrentBatches, ReplicasOfOneServiceAreCreatedTogether) {
    std::vector<ReconcileAction> actions;
    for (int i = 0; i < 10; ++i) actions.push_back(action(Kind::kCreate, "web", i));
    Batches batches = concurrent_batches(actions);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0].size(), 10u);
}

TEST(ConcurrentBatches, RemovalsFinishBeforeTheCreatesThatReuseTheirNames) {
    std::vector<ReconcileAction> actions = {
        action(Kind::kRemove, "web", 0), action(Kind::kRemove, "web", 1),
        action(Kind::kCreate, "web", 0), action(Kind::kCreate, "web", 1),
        action(Kind::kStart, "db", 0)};
    EXPECT_EQ(concurrent_batches(actions), (Batches{{0, 1}, {2, 3}, {4}}));
}

TEST(ConcurrentBatches, ADependencyIsCreatedBeforeItsDependents) {
    std::vector<ReconcileAction> actions = {
        action(Kind::kCreate, "db", 0), action(Kind::kCreate, "cache", 0),
        action(Kind::kCreate, "app", 0, {"db", "cache"}), action(Kind::kCreate, "app", 1, {"db"}),
        action(Kind::kCreate, "worker", 0)};
    EXPECT_EQ(concurrent_batches(actions), (Batches{{0, 1}, {2, 3, 4}}));
}

TEST(ConcurrentBatches, TheSameNameNeverTwiceInOneBatch) {
    std::vector<ReconcileAction> actions = {action(Kind::kRemove, "web", 0),
                                            action(Kind::kRemove, "web", 0)};
    EXPECT_EQ(concurrent_batches(actions), (Batches{{0}, {1}}));
    EXPECT_TRUE(concurrent_batches({}).empty());
}

// Property: for any list, the batches cover every action once, in the original order, and no
// batch mixes kinds, repeats a name or holds a create beside one it depends on.
TEST(ConcurrentBatches, PropertyBatchesKeepEveryOrderingThatMatters) {
    std::mt19937 random(20261205);
    const std::vector<std::string> services = {"db", "app", "web"};
    for (int trial = 0; trial < 500; ++trial) {
        std::vector<ReconcileAction> actions;
        int count = static_cast<int>(random() % 12);
        for (int i = 0; i < count; ++i) {
            auto kind = static_cast<Kind>(random() % 4);
            const std::string& service = services[random() % services.size()];
            std::vector<std::string> depends;
            if (service == "app") depends = {"db"};
            if (service == "web") depends = {"app"};
            actions.push_back(action(kind, service, static_cast<int>(random() % 3), depends));
        }
        Batches batches = concurrent_batches(actions);
        std::vector<size_t> flat;
        for (const auto& batch : batches) {
            ASSERT_FALSE(batch.empty());
            std::set<std::string> names;
            for (size_t index : batch) {
                flat.push_back(index);
                EXPECT_EQ(actions[index].kind, actions[batch[0]].kind);
                EXPECT_TRUE(names.insert(actions[index].container_name).second);
                for (size_t other : batch) {
                    if (actions[index].kind != Kind::kCreate) continue;
                    const auto& depends = actions[index].desired.depends_on;
                    EXPECT_EQ(
                        std::count(depends.begin(), depends.end(), actions[other].desired.service),
                        0);
                }
            }
        }
        std::vector<size_t> expected(actions.size());
        for (size_t i = 0; i < expected.size(); ++i) expected[i] = i;
        EXPECT_EQ(flat, expected);
    }
}

}  // namespace
}  // namespace edge
