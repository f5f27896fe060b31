// Stack keys per environment, and the engine names they give.
#include "core/environments.h"

#include <gtest/gtest.h>

#include "core/model.h"
#include "core/network/service_network.h"

namespace edge {
namespace {

TEST(Environments, NamesFollowTheStackRules) {
    EXPECT_TRUE(validate_environment_name("preprod").ok());
    EXPECT_TRUE(validate_environment_name("prod-eu.1").ok());
    auto bad = validate_environment_name("pre prod");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(
        bad.error().message.rfind("environment name \"pre prod\" has an invalid character", 0), 0u);
    EXPECT_FALSE(validate_environment_name("").ok());
    EXPECT_FALSE(validate_environment_name("a@b").ok());
}

TEST(Environments, StackKeysInMessagesAreCheckedPartByPart) {
    EXPECT_TRUE(validate_stack_key("web").ok());
    EXPECT_TRUE(validate_stack_key("web@preprod").ok());
    EXPECT_FALSE(validate_stack_key("web@default").ok());  // that stack's key is "web"
    EXPECT_FALSE(validate_stack_key("web@").ok());
    EXPECT_FALSE(validate_stack_key("@prod").ok());
    EXPECT_FALSE(validate_stack_key("web@pre@prod").ok());
}

TEST(Environments, TheDefaultEnvironmentKeepsTodaysKeysAndNames) {
    EXPECT_EQ(stack_key("default", "web"), "web");
    EXPECT_EQ(stack_key("", "web"), "web");
    EXPECT_EQ(split_stack_key("web"), (StackRef{"default", "web"}));
    EXPECT_EQ(container_name("nuc-1", "web", "api", 1), "edge-web-api-1.nuc-1");
    EXPECT_EQ(stack_network_name("nuc-1", "web"), "edge-web.nuc-1");
}

TEST(Environments, OtherEnvironmentsNeverClashOnOneNode) {
    EXPECT_EQ(stack_key("preprod", "web"), "web@preprod");
    EXPECT_EQ(split_stack_key("web@preprod"), (StackRef{"preprod", "web"}));
    EXPECT_EQ(engine_stack_name("web@preprod"), "web.ENV-preprod");
    // A default-environment stack cannot be named like another environment's engine name:
    // names have no upper case.
    EXPECT_NE(container_name("n", "web@preprod", "api", 1),
              container_name("n", "web@prod", "api", 1));
    EXPECT_EQ(container_name("n", "web@preprod", "api", 1), "edge-web.ENV-preprod-api-1.n");
    EXPECT_EQ(stack_network_name("n", "web@prod"), "edge-web.ENV-prod.n");
}

TEST(Environments, ConstraintsAreParsedAndAddedToEveryServiceOnce) {
    auto prod = parse_constraint_text("node.labels.env==prod");
    ASSERT_TRUE(prod.ok()) << prod.error().message;
    EXPECT_EQ(*prod, (Constraint{"node.labels.env", true, "prod"}));
    auto not_pi = parse_constraint_text("node.hostname!=pi-1");
    ASSERT_TRUE(not_pi.ok());
    EXPECT_FALSE(not_pi->equal);
    auto bad = parse_constraint_text("node.labels.env=prod");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message,
              "constraint \"node.labels.env=prod\" has no == or !=; expected KEY==VALUE or "
              "KEY!=VALUE, e.g. node.labels.env==prod");
    EXPECT_FALSE(parse_constraint_text("==prod").ok());
    EXPECT_FALSE(parse_constraint_text("a===b").ok());

    StackSpec stack;
    stack.name = "shop@prod";
    stack.services.resize(2);
    stack.services[0].constraints = {*prod};
    add_environment_constraints(stack, {*prod, *not_pi});
    EXPECT_EQ(stack.services[0].constraints, (std::vector<Constraint>{*prod, *not_pi}));
    EXPECT_EQ(stack.services[1].constraints, (std::vector<Constraint>{*prod, *not_pi}));
}

}  // namespace
}  // namespace edge

namespace edge {
namespace {

TEST(MemoryFactor, IsParsedInThousandthsWithinRange) {
    EXPECT_EQ(*parse_memory_factor(0.5), 500);
    EXPECT_EQ(*parse_memory_factor(1.25), 1250);
    EXPECT_FALSE(parse_memory_factor(0).ok());
    EXPECT_FALSE(parse_memory_factor(-1).ok());
    EXPECT_FALSE(parse_memory_factor(17).ok());
    EXPECT_EQ(format_memory_factor(500), "0.5");
    EXPECT_EQ(format_memory_factor(1000), "1");
    EXPECT_EQ(format_memory_factor(1250), "1.25");
}

TEST(MemoryFactor, ScalesLimitsAndReservationsToWholeMiB) {
    constexpr int64_t kMiB = 1024 * 1024;
    ServiceSpec web;
    web.name = "web";
    web.memory_limit = 100 * kMiB;
    web.memory_reservation = 50 * kMiB;
    ServiceSpec tiny;
    tiny.name = "tiny";
    tiny.memory_limit = 8 * kMiB;
    tiny.memory_reservation = 8 * kMiB;
    StackSpec stack{"shop", {web, tiny}};
    apply_memory_factor(stack, 333);
    EXPECT_EQ(stack.services[0].memory_limit, 33 * kMiB);
    EXPECT_EQ(stack.services[0].memory_reservation, 17 * kMiB);
    // Never under the engine's minimum.
    EXPECT_EQ(stack.services[1].memory_limit, 6 * kMiB);
    EXPECT_EQ(stack.services[1].memory_reservation, 6 * kMiB);
}

TEST(MemoryFactor, RemovingTheFactorRestoresWholeMiBLimits) {
    constexpr int64_t kMiB = 1024 * 1024;
    ServiceSpec web;
    web.name = "web";
    web.memory_limit = 64 * kMiB;
    web.memory_reservation = 64 * kMiB;
    StackSpec stack{"shop", {web}};
    apply_memory_factor(stack, 500);
    EXPECT_EQ(stack.services[0].memory_limit, 32 * kMiB);
    remove_memory_factor(stack, 500);
    EXPECT_EQ(stack.services[0].memory_limit, 64 * kMiB);
    EXPECT_EQ(stack.services[0].memory_reservation, 64 * kMiB);
    StackSpec unchanged{"shop", {web}};
    apply_memory_factor(unchanged, 1000);
    EXPECT_EQ(unchanged.services[0], web);
}

}  // namespace
}  // namespace edge
