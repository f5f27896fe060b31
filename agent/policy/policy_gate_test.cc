#include "agent/policy/policy_gate.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ReconcileAction create(const std::string& service, RuntimeOptions runtime) {
    ReconcileAction action;
    action.kind = ReconcileAction::Kind::kCreate;
    action.desired.stack = "home";
    action.desired.service = service;
    action.desired.spec_hash = "h-" + service;
    action.desired.runtime = std::move(runtime);
    return action;
}

TEST(PolicyGateTest, WithholdsOnlyRefusedCreates) {
    RuntimeOptions host_pid;  // the default policy refuses the node's process namespace
    host_pid.pid = "host";
    RuntimeOptions host;
    host.network_mode = "host";
    ReconcileAction remove;
    remove.kind = ReconcileAction::Kind::kRemove;
    remove.container_id = "old";
    std::vector<ReconcileAction> actions = {remove, create("ha", host_pid), create("dns", host)};
    auto refused = withhold_refused_creates(default_node_policy("/var/lib/edgeorch"), actions);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0], (CreateFailure{"home", "ha", 0, "h-ha",
                                         "refused by the default policy (host_pid no)"}));
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].kind, ReconcileAction::Kind::kRemove);
    EXPECT_EQ(actions[1].desired.service, "dns");
}

}  // namespace
}  // namespace edge
