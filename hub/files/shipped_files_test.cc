// The hub's side of shipped files and secrets on a real SQLite store: what a deploy must bring,
// and that a node is given only what its own desired set references.
#include "hub/files/shipped_files.h"

#include <gtest/gtest.h>

#include "hub/files/fetch_handler.h"
#include "hub/files/secret_cipher.h"
#include "hub/state/desired_state.h"
#include "hub/store/sqlite_store.h"
#include "hub/test_util.h"
#include "schema/base64.h"
#include "schema/fetch_messages.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {
namespace {

using nlohmann::json;
using Origin = VolumeMount::Origin;

class ShippedFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = SqliteStore::open(dir_.file("hub.db"));
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store_ = std::move(*opened);
    }

    static StackSpec stack_with(std::vector<VolumeMount> volumes) {
        ServiceSpec service;
        service.name = "app";
        service.image = "nginx";
        service.volumes = std::move(volumes);
        return StackSpec{"demo", {service}};
    }
    static json files(const std::vector<std::string>& contents) {
        json list = json::array();
        for (const auto& content : contents) {
            list.push_back({{"hash", sha256_hex(content)}, {"data", base64_encode(content)}});
        }
        return list;
    }

    testing::TempDir dir_;
    std::unique_ptr<SqliteStore> store_;
};

TEST_F(ShippedFilesTest, StoresWhatTheStackShipsAndFindsItOnTheNextDeploy) {
    std::string content = "server { listen 80; }\n";
    StackSpec stack = stack_with({{.kind = VolumeMount::Kind::kBind,
                                   .source = "./nginx.conf",
                                   .target = "/etc/nginx/nginx.conf",
                                   .read_only = true,
                                   .origin = Origin::kShippedFile,
                                   .content_hash = sha256_hex(content)}});
    ASSERT_TRUE(store_shipped_files(*store_, stack, files({content}), 1).ok());
    EXPECT_EQ(*store_->blob(sha256_hex(content)), std::optional<std::string>(content));
    // Unchanged files need not travel again.
    EXPECT_TRUE(store_shipped_files(*store_, stack, json(), 2).ok());
}

TEST_F(ShippedFilesTest, RefusesMissingContentWrongHashesAndUnresolvedPaths) {
    StackSpec stack = stack_with({{.kind = VolumeMount::Kind::kBind,
                                   .source = "./a",
                                   .target = "/a",
                                   .read_only = true,
                                   .origin = Origin::kShippedFile,
                                   .content_hash = sha256_hex("a")}});
    auto missing = store_shipped_files(*store_, stack, json(), 1);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("the hub has no content"), std::string::npos);

    json lying = {{{"hash", sha256_hex("a")}, {"data", base64_encode("b")}}};
    auto wrong = store_shipped_files(*store_, stack, lying, 1);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().message.find("another SHA-256"), std::string::npos);
    EXPECT_FALSE(store_->blob(sha256_hex("a"))->has_value());

    StackSpec relative = stack_with({{.kind = VolumeMount::Kind::kBind,
                                      .source = "./data",
                                      .target = "/data",
                                      .read_only = false,
                                      .origin = Origin::kRelative,
                                      .content_hash = ""}});
    EXPECT_FALSE(store_shipped_files(*store_, relative, json(), 1).ok());
}

TEST_F(ShippedFilesTest, ADirectoryNeedsItsManifestAndEveryFileInIt) {
    std::string manifest = encode_manifest({{{"a.conf", sha256_hex("a"), 0644, 1}}});
    StackSpec stack = stack_with({{.kind = VolumeMount::Kind::kBind,
                                   .source = "./conf",
                                   .target = "/conf",
                                   .read_only = true,
                                   .origin = Origin::kShippedDirectory,
                                   .content_hash = sha256_hex(manifest)}});
    EXPECT_FALSE(store_shipped_files(*store_, stack, files({manifest}), 1).ok());
    ASSERT_TRUE(store_shipped_files(*store_, stack, files({manifest, "a"}), 1).ok());
    auto referenced = referenced_blobs(*store_, {desired_container("demo", stack.services[0], 0)});
    ASSERT_TRUE(referenced.ok());
    EXPECT_EQ(*referenced, (std::set<std::string>{sha256_hex(manifest), sha256_hex("a")}));
}

// pi-1 runs the replica that mounts the file and uses the secret; pi-2 runs nothing.
TEST_F(ShippedFilesTest, ANodeIsGivenOnlyWhatItsDesiredSetReferences) {
    std::string content = "ssl on\n";
    std::string other = "not mounted by anyone\n";
    StackSpec stack = stack_with({{.kind = VolumeMount::Kind::kBind,
                                   .source = "./app.conf",
                                   .target = "/app.conf",
                                   .read_only = true,
                                   .origin = Origin::kShippedFile,
                                   .content_hash = sha256_hex(content)}});
    stack.services[0].secrets = {
        {"demo_db_password", "/run/secrets/db_password", "0", "0", 0400, 1, ""}};
    ASSERT_TRUE(store_shipped_files(*store_, stack, files({content}), 1).ok());
    ASSERT_TRUE(store_->put_blobs({{sha256_hex(other), other}}, 1).ok());
    SecretCipher cipher = *SecretCipher::from_key(std::string(kSecretKeyBytes, 'k'));
    ASSERT_TRUE(
        store_
            ->put_secret({"demo_db_password", 1, *cipher.seal("hunter2", "demo_db_password"), 1, 1})
            .ok());
    ASSERT_TRUE(
        store_->put_secret({"unused", 1, *cipher.seal("other-value", "unused"), 1, 1}).ok());

    ClusterState state;
    state.nodes["pi-1"] = NodeRecord{.name = "pi-1"};
    state.nodes["pi-2"] = NodeRecord{.name = "pi-2"};
    state.stacks["demo"] = StackRecord{stack, 1, 1, {}, {}};
    state.replicas = {ReplicaRecord{{"demo", "app", 0}, "pi-1", ""}};
    Topics topics;
    FetchContext ctx{state, *store_, topics, &cipher};

    auto ask = [&](const std::string& node, const char* kind, const std::string& key) {
        auto outcome = handle_fetch(ctx, node, encode_fetch_request({"r", kind, key}));
        EXPECT_TRUE(outcome.ok());
        EXPECT_EQ(outcome->publications.size(), 1u);
        EXPECT_EQ(outcome->publications[0].topic, topics.fetched(node));
        return *decode_fetch_response(outcome->publications[0].payload);
    };
    FetchResponse file = ask("pi-1", kFetchBlob, sha256_hex(content));
    EXPECT_TRUE(file.ok);
    EXPECT_EQ(file.data, content);
    FetchResponse secret = ask("pi-1", kFetchSecret, "demo_db_password");
    EXPECT_TRUE(secret.ok);
    EXPECT_EQ(secret.data, "hunter2");
    EXPECT_EQ(secret.version, 1);

    for (const auto& [node, kind, key] :
         std::vector<std::tuple<std::string, const char*, std::string>>{
             {"pi-2", kFetchBlob, sha256_hex(content)},
             {"pi-2", kFetchSecret, "demo_db_password"},
             {"pi-1", kFetchBlob, sha256_hex(other)},
             {"pi-1", kFetchSecret, "unused"}}) {
        FetchResponse refused = ask(node, kind, key);
        EXPECT_FALSE(refused.ok) << node << " " << key;
        EXPECT_TRUE(refused.data.empty()) << node << " " << key;
    }
    EXPECT_FALSE(handle_fetch(ctx, "pi-1", "not json").ok());
    EXPECT_FALSE(handle_fetch(ctx, "pi-9", encode_fetch_request({"r", kFetchBlob, "x"})).ok());
}

}  // namespace
}  // namespace edge
