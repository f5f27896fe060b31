#include "core/nodes/fencing_actions.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ReconcileAction action(ReconcileAction::Kind kind, const std::string& name) {
    ReconcileAction a;
    a.kind = kind;
    a.container_name = name;
    return a;
}

TEST(HoldStartsTest, KeepsOnlyRemovals) {
    using Kind = ReconcileAction::Kind;
    std::vector<ReconcileAction> actions = {
        action(Kind::kRemove, "old"), action(Kind::kCreate, "new"), action(Kind::kStart, "exited"),
        action(Kind::kRestart, "unhealthy"), action(Kind::kRemove, "duplicate")};
    EXPECT_EQ(hold_starts(actions), 3);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].container_name, "old");
    EXPECT_EQ(actions[1].container_name, "duplicate");
}

TEST(HoldStartsTest, NothingToHold) {
    std::vector<ReconcileAction> actions;
    EXPECT_EQ(hold_starts(actions), 0);
}

DesiredContainer container(const std::string& service, int64_t stop_after_ms) {
    DesiredContainer c;
    c.stack = "s";
    c.service = service;
    c.image = "busybox";
    c.stop_after_disconnect_ms = stop_after_ms;
    return c;
}

TEST(WithoutCutOffTest, DropsOnlyServicesPastTheirLimit) {
    DesiredSet desired{
        .node = "pi-1",
        .generation = 4,
        .containers = {container("writer", 30000), container("web", 0), container("slow", 120000)}};
    DesiredSet kept = without_cut_off(desired, 30001);
    ASSERT_EQ(kept.containers.size(), 2u);
    EXPECT_EQ(kept.containers[0].service, "web");
    EXPECT_EQ(kept.containers[1].service, "slow");
    EXPECT_EQ(kept.generation, 4);
    // At the limit, and when in touch, nothing is dropped.
    EXPECT_EQ(without_cut_off(desired, 30000), desired);
    EXPECT_EQ(without_cut_off(desired, 0), desired);
}

}  // namespace
}  // namespace edge
