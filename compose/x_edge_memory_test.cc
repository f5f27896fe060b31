// x-edge: {memory: auto|recommend|fixed}: what parses, the warnings, and the precise errors.
#include <gtest/gtest.h>

#include "compose/compose_test_util.h"
#include "core/byte_units.h"

namespace edge::compose_test {
namespace {

using Words = std::vector<std::string>;

TEST(XEdgeMemory, AutoWithoutALimitStartsUnstatedAndWarnsNothing) {
    ParsedStack parsed = parse_ok(web_with("    x-edge: {memory: auto}\n"));
    ASSERT_EQ(parsed.stack.services.size(), 1u);
    const ServiceSpec& web = parsed.stack.services[0];
    EXPECT_EQ(web.memory_mode, MemoryMode::kAuto);
    EXPECT_FALSE(web.memory_limit_stated);
    EXPECT_EQ(web.memory_limit, kDefaultMemoryLimit);
    EXPECT_EQ(parsed.warnings, Words{});
}

TEST(XEdgeMemory, AutoWithAStatedLimitStartsFromIt) {
    ServiceSpec web =
        only_service(web_with("    mem_limit: 64m\n    x-edge:\n      memory: auto\n"));
    EXPECT_EQ(web.memory_mode, MemoryMode::kAuto);
    EXPECT_TRUE(web.memory_limit_stated);
    EXPECT_EQ(web.memory_limit, 64 * kMiB);
}

TEST(XEdgeMemory, RecommendAndFixed) {
    EXPECT_EQ(only_service(web_with("    x-edge: {memory: recommend}\n")).memory_mode,
              MemoryMode::kRecommend);
    ParsedStack fixed = parse_ok(web_with("    x-edge: {memory: fixed}\n"));
    EXPECT_EQ(fixed.stack.services.at(0).memory_mode, MemoryMode::kFixed);
    EXPECT_EQ(fixed.warnings,
              (Words{"compose.yaml:2: services.web: no memory limit, using the default 256 MiB"}));
}

TEST(XEdgeMemory, NoKeyLeavesTheChoiceToTheHub) {
    ParsedStack parsed = parse_ok(web_with(""));
    EXPECT_EQ(parsed.stack.services.at(0).memory_mode, MemoryMode::kDefault);
    EXPECT_FALSE(parsed.stack.services.at(0).memory_limit_stated);
    EXPECT_EQ(parsed.warnings,
              (Words{"compose.yaml:2: services.web: no memory limit: the hub's --default-memory "
                     "applies (auto: learned from use; fixed: 256 MiB)"}));
    EXPECT_TRUE(only_service(web_with("    mem_limit: 1g\n")).memory_limit_stated);
}

TEST(XEdgeMemory, BadValuesGetPreciseErrors) {
    EXPECT_EQ(error_of(web_with("    x-edge: {memory: automatic}\n")),
              "compose.yaml:4: services.web.x-edge.memory: expected auto, recommend or fixed, got "
              "\"automatic\"");
    EXPECT_EQ(error_of(web_with("    x-edge:\n      memory: default\n")),
              "compose.yaml:5: services.web.x-edge.memory: expected auto, recommend or fixed, got "
              "\"default\"");
    EXPECT_EQ(error_of(web_with("    x-edge:\n      memory: [auto]\n")),
              "compose.yaml:5: services.web.x-edge.memory: expected auto, recommend or fixed, got "
              "a list");
    EXPECT_EQ(error_of(web_with("    x-edge:\n      memory: 512m\n")),
              "compose.yaml:5: services.web.x-edge.memory: expected auto, recommend or fixed, got "
              "\"512m\"");
}

}  // namespace
}  // namespace edge::compose_test
