// promote on the hub: the source environment's spec deployed to the target with the digests
// its replicas run, previewed first; refused when a digest is unknown or ambiguous.
#include <gtest/gtest.h>

#include "hub/files/secret_cipher.h"
#include "hub/hub_core_fixture.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::service;

const std::string kDigestA = "127.0.0.1:5000/web@sha256:" + std::string(64, 'a');
const std::string kDigestB = "127.0.0.1:5000/web@sha256:" + std::string(64, 'b');

class PromoteTest : public testing::HubCoreTest {
  protected:
    void SetUp() override {
        HubCoreTest::SetUp();
        status("nuc-1", true);
        ok(ops::kEnvCreate,
           {{"environment", "preprod"}, {"constraints", {"node.hostname==nuc-1"}}});
        ok(ops::kEnvCreate, {{"environment", "prod"}});
        StackSpec shop{"shop", {service("web", "127.0.0.1:5000/web:latest", 2)}};
        ok(ops::kDeploy, {{"stack", stack_to_json(shop)}, {"environment", "preprod"}});
    }

    // nuc-1 reports preprod's two replicas running, with these digests.
    void report_digests(const std::string& first, const std::string& second) {
        std::vector<ObservedContainer> seen;
        for (const auto& desired : core_->desired_set("nuc-1").containers) {
            ObservedContainer container = running(desired);
            container.image_digest = desired.replica == 0 ? first : second;
            seen.push_back(container);
        }
        report("nuc-1", core_->state().nodes.at("nuc-1").generation, seen);
    }

    json promote_args(bool dry_run) {
        return {{"stack", "shop"}, {"from", "preprod"}, {"to", "prod"}, {"dry_run", dry_run}};
    }
};

TEST_F(PromoteTest, ThePreviewPinsTheDigestAndChangesNothing) {
    report_digests(kDigestA, kDigestA);
    json preview = ok(ops::kPromote, promote_args(true));
    EXPECT_EQ(preview["stack"], "shop@prod");
    EXPECT_EQ(preview["dry_run"], true);
    EXPECT_EQ(preview["images"], (json{{"web", kDigestA}}));
    EXPECT_EQ(preview["changes"], json::array({"web: new (image " + kDigestA + ", 2 replicas)"}));
    EXPECT_FALSE(core_->state().stacks.contains("shop@prod"));
}

TEST_F(PromoteTest, TheTargetGetsThePinnedSpecWithoutTheSourcesConstraints) {
    report_digests(kDigestA, kDigestA);
    json args = promote_args(false);
    args["images"] = {{"web", kDigestA}};
    json done = ok(ops::kPromote, args);
    EXPECT_EQ(done["stack"], "shop@prod");
    ASSERT_TRUE(core_->state().stacks.contains("shop@prod"));
    const ServiceSpec& web = core_->state().stacks.at("shop@prod").spec.services.at(0);
    EXPECT_EQ(web.image, kDigestA);
    EXPECT_TRUE(web.constraints.empty());
    // preprod keeps its tag: promote pins the copy, not the source.
    EXPECT_EQ(core_->state().stacks.at("shop@preprod").spec.services.at(0).image,
              "127.0.0.1:5000/web:latest");
    // Promoting the same again changes nothing, and the preview says so.
    EXPECT_EQ(ok(ops::kPromote, promote_args(true))["changes"], json::array({"web: unchanged"}));
}

TEST_F(PromoteTest, ReplicasThatDisagreeAreRefused) {
    report_digests(kDigestA, kDigestB);
    std::string refusal = error(ops::kPromote, promote_args(true));
    EXPECT_NE(refusal.find("shop@preprod/web's replicas run different images"), std::string::npos)
        << refusal;
    EXPECT_FALSE(core_->state().stacks.contains("shop@prod"));
}

TEST_F(PromoteTest, AReplicaWithoutADigestIsRefused) {
    report_digests(kDigestA, "");
    std::string refusal = error(ops::kPromote, promote_args(false));
    EXPECT_NE(refusal.find("shop@preprod/web replica 1 on nuc-1 has no known image digest"),
              std::string::npos)
        << refusal;
    EXPECT_FALSE(core_->state().stacks.contains("shop@prod"));
}

TEST_F(PromoteTest, WhatWasPreviewedMustStillBeWhatRuns) {
    report_digests(kDigestA, kDigestA);
    json args = promote_args(false);
    args["images"] = {{"web", kDigestB}};
    EXPECT_NE(error(ops::kPromote, args).find("changed since the preview"), std::string::npos);
    EXPECT_FALSE(core_->state().stacks.contains("shop@prod"));
}

TEST_F(PromoteTest, UnknownStacksAndEnvironmentsAreNamed) {
    EXPECT_EQ(error(ops::kPromote, {{"stack", "blog"}, {"from", "preprod"}, {"to", "prod"}}),
              "no stack named \"blog\" in environment preprod");
    EXPECT_EQ(error(ops::kPromote, {{"stack", "shop"}, {"from", "preprod"}, {"to", "preprod"}}),
              "--from and --to both name preprod");
    report_digests(kDigestA, kDigestA);
    EXPECT_EQ(error(ops::kPromote, {{"stack", "shop"}, {"from", "preprod"}, {"to", "qa"}}),
              "no environment named \"qa\"; create it with edgectl env create qa");
}

// The stack's own secret is renamed for the target, whose own value it then uses; an external
// one stays, except for an identity confined to the target, which may not bring it there.
TEST_F(PromoteTest, TheStacksOwnSecretsAreTheTargetsAndAConfinedPromoteBringsNoOther) {
    SecretCipher cipher = *SecretCipher::from_key(std::string(kSecretKeyBytes, 'k'));
    core_->use_secret_cipher(&cipher);
    auto with_secret = [](const std::string& name) {
        StackSpec shop{"shop", {service("web", "127.0.0.1:5000/web:latest", 2)}};
        shop.services[0].secrets = {{name, "/run/secrets/token", "0", "0", 0400, 0, ""}};
        return stack_to_json(shop);
    };
    auto value = [](const std::string& name) {
        return json::array({{{"name", name}, {"data", "dG9rZW4="}}});
    };
    // Removed first, so the new spec is not a rolling update the report would have to follow.
    ok(ops::kStackRemove, {{"stack", "shop"}, {"environment", "preprod"}});
    ok(ops::kDeploy, {{"stack", with_secret("shop.ENV-preprod_token")},
                      {"environment", "preprod"},
                      {"secrets", value("shop.ENV-preprod_token")}});
    ok(ops::kDeploy, {{"stack", with_secret("shop.ENV-prod_token")},
                      {"environment", "prod"},
                      {"secrets", value("shop.ENV-prod_token")}});
    report_digests(kDigestA, kDigestA);
    ok(ops::kPromote, promote_args(false));
    EXPECT_EQ(core_->state().stacks.at("shop@prod").spec.services.at(0).secrets.at(0).name,
              "shop.ENV-prod_token");

    ok(ops::kSecretCreate, {{"name", "shared"}, {"data", "c2hhcmVk"}});
    ok(ops::kStackRemove, {{"stack", "shop"}, {"environment", "preprod"}});
    ok(ops::kDeploy, {{"stack", with_secret("shared")}, {"environment", "preprod"}});
    report_digests(kDigestA, kDigestA);
    json confined = promote_args(true);
    confined["confined_to"] = "prod";
    EXPECT_NE(
        error(ops::kPromote, confined).find("uses the secret \"shared\", which is not its own"),
        std::string::npos);
    EXPECT_EQ(ok(ops::kPromote, promote_args(true))["stack"], "shop@prod");
}

}  // namespace
}  // namespace edge
