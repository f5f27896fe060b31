#include "schema/update_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

using nlohmann::json;

ServiceSpec service_with_configs() {
    ServiceSpec s;
    s.name = "web";
    s.image = "edgeorch/busybox:latest";
    s.update.parallelism = 2;
    s.update.delay_ms = 10000;
    s.update.order = UpdateConfig::Order::kStartFirst;
    s.update.failure_action = UpdateConfig::FailureAction::kRollback;
    s.update.max_failure_ratio = 0.5;
    s.rollback.monitor_ms = 1000;
    return s;
}

TEST(UpdateJson, ServiceConfigsRoundTrip) {
    ServiceSpec s = service_with_configs();
    auto decoded = service_from_json(service_to_json(s));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, s);
}

TEST(UpdateJson, DefaultConfigsAreLeftOutSoOlderStoredSpecsReadBackEqual) {
    ServiceSpec s;
    s.name = "web";
    s.image = "edgeorch/busybox:latest";
    json object = service_to_json(s);
    EXPECT_FALSE(object.contains("update_config"));
    EXPECT_FALSE(object.contains("rollback_config"));
    auto decoded = service_from_json(object);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, s);
}

TEST(UpdateJson, BadConfigsNameTheField) {
    json object = service_to_json(service_with_configs());
    object["update_config"]["order"] = "sideways";
    auto decoded = service_from_json(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("update_config.order"), std::string::npos)
        << decoded.error().message;

    object = service_to_json(service_with_configs());
    object["update_config"]["max_failure_ratio"] = 3;
    decoded = service_from_json(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("max_failure_ratio"), std::string::npos);
}

TEST(UpdateJson, RolloutRoundTripsAndRejectsUnknownPhases) {
    Rollout rollout{RolloutPhase::kRollingBack, 1000, 5000, 2, "replica 1 failed: unhealthy"};
    auto decoded = rollout_from_json(rollout_to_json(rollout));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, rollout);

    json bad = rollout_to_json(rollout);
    bad["phase"] = "exploding";
    EXPECT_FALSE(rollout_from_json(bad).ok());
}

}  // namespace
}  // namespace edge
