// Per-environment defaults: the memory factor applied at deploy (and taken off by promote),
// webhooks stored sealed and shown without their secrets, and which events are whose.
#include <gtest/gtest.h>

#include "hub/files/secret_cipher.h"
#include "hub/hub_core_fixture.h"
#include "hub/notify/environment_webhooks.h"
#include "hub/store/sqlite_db.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::service;

constexpr int64_t kMebibyte = 1024 * 1024;

class EnvironmentDefaultsTest : public testing::HubCoreTest {
  protected:
    void SetUp() override {
        HubCoreTest::SetUp();
        core_->use_secret_cipher(&cipher_);
        status("nuc-1", true);
    }

    json deploy_to(const std::string& environment, int64_t limit_mib) {
        StackSpec shop{"shop", {service("web", "nginx:1.27", 1)}};
        shop.services[0].memory_limit = limit_mib * kMebibyte;
        shop.services[0].memory_reservation = limit_mib * kMebibyte;
        return ok(ops::kDeploy, {{"stack", stack_to_json(shop)}, {"environment", environment}});
    }

    json env_row(const std::string& name) {
        for (const auto& row : ok(ops::kEnvList)) {
            if (row["name"] == name) return row;
        }
        return nullptr;
    }

    SecretCipher cipher_ = *SecretCipher::from_key(std::string(kSecretKeyBytes, 'k'));
};

TEST_F(EnvironmentDefaultsTest, TheMemoryFactorScalesLimitsAtDeploy) {
    ok(ops::kEnvCreate, {{"environment", "preprod"}, {"memory_factor", 0.5}});
    deploy_to("preprod", 128);
    EXPECT_EQ(core_->state().stacks.at("shop@preprod").spec.services[0].memory_limit,
              64 * kMebibyte);
    EXPECT_EQ(env_row("preprod")["memory_factor"], "0.5");
    // Changed with env set; the next deploy takes it.
    ok(ops::kEnvSet, {{"environment", "preprod"}, {"memory_factor", 0.25}});
    deploy_to("preprod", 128);
    EXPECT_EQ(core_->state().stacks.at("shop@preprod").spec.services[0].memory_limit,
              32 * kMebibyte);
    EXPECT_EQ(error(ops::kEnvSet, {{"environment", "preprod"}, {"memory_factor", 0}}),
              "memory factor out of range: expected 0.1 to 16 (1 leaves limits as they are)");
    EXPECT_EQ(error(ops::kEnvSet, {{"environment", "qa"}, {"memory_factor", 1}}),
              "no environment named \"qa\"; create it with edgectl env create qa");
}

TEST_F(EnvironmentDefaultsTest, PromoteTakesTheSourceFactorOffBeforeTheTargets) {
    ok(ops::kEnvCreate, {{"environment", "preprod"}, {"memory_factor", 0.5}});
    ok(ops::kEnvCreate, {{"environment", "prod"}, {"memory_factor", 2}});
    StackSpec shop{"shop", {service("web", "nginx@sha256:" + std::string(64, 'a'), 1)}};
    shop.services[0].memory_limit = 100 * kMebibyte;
    shop.services[0].memory_reservation = 100 * kMebibyte;
    ok(ops::kDeploy, {{"stack", stack_to_json(shop)}, {"environment", "preprod"}});
    ok(ops::kPromote, {{"stack", "shop"}, {"from", "preprod"}, {"to", "prod"}});
    EXPECT_EQ(core_->state().stacks.at("shop@prod").spec.services[0].memory_limit, 200 * kMebibyte);
}

TEST_F(EnvironmentDefaultsTest, WebhooksAreStoredSealedAndShownWithoutSecrets) {
    const std::string line = "gotify https://gotify.lan/message?token=S3cr3tT0ken events=all";
    Outcome created = request(ops::kEnvCreate, {{"environment", "prod"}, {"webhooks", {line}}});
    ASSERT_TRUE(created.response && created.response->ok) << created.response->error;
    EXPECT_TRUE(created.environments_changed);
    EXPECT_EQ(env_row("prod")["webhooks"], json::array({"gotify https://gotify.lan/message"}));

    auto db = SqliteDb::open(dir_.file("hub.db"));
    ASSERT_TRUE(db.ok());
    auto sealed =
        (*db)->query_text("SELECT hex(webhooks_sealed) FROM environments WHERE name = 'prod'");
    ASSERT_TRUE(sealed.ok());
    EXPECT_FALSE(sealed->empty());
    std::string token_hex;
    for (unsigned char c : std::string("S3cr3tT0ken")) {
        const char* digits = "0123456789ABCDEF";
        token_hex += digits[c >> 4];
        token_hex += digits[c & 15];
    }
    EXPECT_EQ(sealed->find(token_hex), std::string::npos) << "the token is on disk in clear";

    auto loaded = core_->environment_webhooks();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_EQ(loaded->at("prod").size(), 1u);
    EXPECT_EQ(loaded->at("prod")[0].url, "https://gotify.lan/message?token=S3cr3tT0ken");

    ok(ops::kEnvSet, {{"environment", "prod"}, {"webhooks", json::array()}});
    EXPECT_TRUE(core_->environment_webhooks()->empty());
    EXPECT_NE(error(ops::kEnvSet, {{"environment", "prod"}, {"webhooks", {"carrier-pigeon x"}}})
                  .find("webhook \"carrier-pigeon x\""),
              std::string::npos);
}

TEST_F(EnvironmentDefaultsTest, WithoutASecretKeyWebhooksAreRefused) {
    core_->use_secret_cipher(nullptr);
    EXPECT_NE(error(ops::kEnvCreate,
                    {{"environment", "prod"}, {"webhooks", {"ntfy https://ntfy.sh/lab"}}})
                  .find("the hub has no secret key"),
              std::string::npos);
}

TEST(EventEnvironment, StackEventsBelongToTheirStacksEnvironment) {
    ClusterState state;
    state.stacks["shop@prod"] = {};
    state.stacks["shop"] = {};
    EXPECT_EQ(event_environment(state, {0, 0, "rollout", "shop@prod/web", "done"}), "prod");
    EXPECT_EQ(event_environment(state, {0, 0, "deploy", "blog@preprod", "deployed"}), "preprod");
    EXPECT_EQ(event_environment(state, {0, 0, "oom", "shop/web", "killed"}), "default");
    EXPECT_EQ(event_environment(state, {0, 0, "node", "nuc-1", "nuc-1 is online"}), "");
}

}  // namespace
}  // namespace edge
