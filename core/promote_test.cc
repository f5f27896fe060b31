// Promote's pure parts: pinning a stack to the digests its replicas run, and the change lines
// shown before confirming.
#include "core/promote.h"

#include <gtest/gtest.h>

#include "core/stack_diff.h"

namespace edge {
namespace {

ServiceSpec service(const std::string& name, const std::string& image, int replicas) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = image;
    spec.replicas = replicas;
    return spec;
}

const std::string kDigestA = "127.0.0.1:5000/web@sha256:" + std::string(64, 'a');
const std::string kDigestB = "127.0.0.1:5000/web@sha256:" + std::string(64, 'b');

StackSpec shop() {
    return {"shop",
            {service("web", "127.0.0.1:5000/web:latest", 2),
             service("db", "postgres@sha256:" + std::string(64, 'c'), 1)}};
}

TEST(PinStackImages, EachImageBecomesTheDigestItsReplicasRun) {
    auto pinned = pin_stack_images(shop(), "shop@preprod",
                                   {{"web", {{0, "pi-1", kDigestA}, {1, "pi-2", kDigestA}}}});
    ASSERT_TRUE(pinned.ok()) << pinned.error().message;
    EXPECT_EQ(pinned->services[0].image, kDigestA);
    // Already pinned: kept without asking the replicas.
    EXPECT_EQ(pinned->services[1].image, shop().services[1].image);
    // Nothing else moves.
    StackSpec expected = shop();
    expected.services[0].image = kDigestA;
    EXPECT_EQ(*pinned, expected);
}

TEST(PinStackImages, AReplicaWithoutADigestIsRefusedByName) {
    auto pinned = pin_stack_images(shop(), "shop@preprod",
                                   {{"web", {{0, "pi-1", kDigestA}, {1, "pi-2", ""}}}});
    ASSERT_FALSE(pinned.ok());
    EXPECT_EQ(pinned.error().message.substr(0, 68),
              "shop@preprod/web replica 1 on pi-2 has no known image digest (it is ");
}

TEST(PinStackImages, AnUnplacedReplicaSaysSo) {
    auto pinned = pin_stack_images(shop(), "shop@preprod", {{"web", {{1, "", ""}}}});
    ASSERT_FALSE(pinned.ok());
    EXPECT_NE(pinned.error().message.find("replica 1 (not placed) has no known image digest"),
              std::string::npos)
        << pinned.error().message;
}

TEST(PinStackImages, ReplicasThatDisagreeAreRefusedWithBothDigests) {
    auto pinned = pin_stack_images(shop(), "shop@preprod",
                                   {{"web", {{0, "pi-1", kDigestA}, {1, "pi-2", kDigestB}}}});
    ASSERT_FALSE(pinned.ok());
    EXPECT_EQ(pinned.error().message,
              "shop@preprod/web's replicas run different images (replica 0 on pi-1: " + kDigestA +
                  ", replica 1 on pi-2: " + kDigestB +
                  "); let its rolling update finish (edgectl service ps) and promote again");
}

TEST(PinStackImages, AServiceWithNoReplicaCannotBePinned) {
    auto pinned = pin_stack_images(shop(), "shop@preprod", {});
    ASSERT_FALSE(pinned.ok());
    EXPECT_EQ(pinned.error().message,
              "shop@preprod/web has no replica running, so no digest to pin its image to");
}

TEST(RemoveEnvironmentConstraints, OnlyTheEnvironmentsConstraintsGo) {
    StackSpec stack = shop();
    Constraint preprod{"node.labels.env", true, "preprod"};
    Constraint ssd{"node.labels.disk", true, "ssd"};
    stack.services[0].constraints = {ssd, preprod};
    remove_environment_constraints(stack, {preprod});
    EXPECT_EQ(stack.services[0].constraints, std::vector<Constraint>{ssd});
}

TEST(RenameStackSecrets, TheStacksOwnSecretsBecomeTheTargetsAndExternalOnesStay) {
    StackSpec stack = shop();
    stack.services[0].secrets = {{"shop.ENV-preprod_db_password", "/run/secrets/db", "0", "0",
                                  0400, 3, ""},
                                 {"shared_api_key", "/run/secrets/api", "0", "0", 0400, 1, ""}};
    auto kept = rename_stack_secrets(stack, "shop.ENV-preprod_", "shop.ENV-prod_");
    EXPECT_EQ(stack.services[0].secrets[0].name, "shop.ENV-prod_db_password");
    EXPECT_EQ(stack.services[0].secrets[0].version, 0);
    EXPECT_EQ(stack.services[0].secrets[0].target, "/run/secrets/db");
    EXPECT_EQ(stack.services[0].secrets[1].name, "shared_api_key");
    EXPECT_EQ(kept, std::vector<std::string>{"shared_api_key"});
    // From `default`, whose prefix is the bare stack name.
    stack.services[0].secrets = {{"shop_db_password", "/run/secrets/db", "0", "0", 0400, 1, ""}};
    rename_stack_secrets(stack, "shop_", "shop.ENV-preprod_");
    EXPECT_EQ(stack.services[0].secrets[0].name, "shop.ENV-preprod_db_password");
}

TEST(DescribeStackChange, LinesSayWhatEachServiceBecomes) {
    StackSpec current = shop();
    current.services.push_back(service("cache", "redis:7", 1));
    StackSpec next = shop();
    next.services[0].image = kDigestA;
    next.services[0].memory_limit = 128 * 1024 * 1024;
    next.services.push_back(service("api", "127.0.0.1:5000/api:1", 2));
    EXPECT_EQ(describe_stack_change(&current, next),
              (std::vector<std::string>{"web: image 127.0.0.1:5000/web:latest -> " + kDigestA +
                                            ", memory limit 256 MiB -> 128 MiB",
                                        "db: unchanged",
                                        "api: new (image 127.0.0.1:5000/api:1, 2 replicas)",
                                        "cache: removed"}));
}

TEST(DescribeStackChange, ANewStackIsAllNew) {
    StackSpec next{"shop", {service("web", "nginx:1", 1)}};
    next.services[0].global = true;
    EXPECT_EQ(describe_stack_change(nullptr, next),
              std::vector<std::string>{"web: new (image nginx:1, global)"});
}

}  // namespace
}  // namespace edge
