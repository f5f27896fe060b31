#include "agent/files/mount_preparer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "schema/fetch_messages.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {
namespace {

namespace fs = std::filesystem;
using Origin = VolumeMount::Origin;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string own_uid() {
    return std::to_string(::geteuid());
}
std::string own_gid() {
    return std::to_string(::getegid());
}

class MountPreparerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/mount_preparer_test.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    MountPreparer preparer() {
        return MountPreparer(
            dir_ + "/state",
            [this](const std::string& kind, const std::string& key,
                   int64_t* version) -> Result<std::string> {
                ++fetches_;
                auto found = hub_.find(kind + ":" + key);
                if (found == hub_.end()) return make_error("refused");
                if (version != nullptr) *version = 7;
                return found->second;
            },
            [this]() -> Result<std::string> {
                if (!secret_dir_ok_) return make_error("no tmpfs");
                return dir_ + "/tmpfs";
            });
    }
    void offer(const std::string& content) { hub_["blob:" + sha256_hex(content)] = content; }

    static DesiredContainer container_with(std::vector<VolumeMount> volumes) {
        DesiredContainer container;
        container.stack = "demo";
        container.service = "app";
        container.image = "nginx";
        container.volumes = std::move(volumes);
        return container;
    }

    std::string dir_;
    std::map<std::string, std::string> hub_;
    int fetches_ = 0;
    bool secret_dir_ok_ = true;
};

TEST_F(MountPreparerTest, AShippedFileIsFetchedOnceAndBoundReadOnlyFromTheCache) {
    offer("worker_processes 1;\n");
    std::string hash = sha256_hex("worker_processes 1;\n");
    DesiredContainer desired = container_with({{.kind = VolumeMount::Kind::kBind,
                                                .source = "./nginx.conf",
                                                .target = "/etc/nginx.conf",
                                                .read_only = false,
                                                .origin = Origin::kShippedFile,
                                                .content_hash = hash}});
    auto prepared = preparer().prepare(desired, "c1");
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    const VolumeMount& mount = prepared->volumes[0];
    EXPECT_EQ(mount.source, dir_ + "/state/files/blobs/" + hash);
    EXPECT_EQ(mount.origin, Origin::kHostPath);
    EXPECT_TRUE(mount.read_only);
    EXPECT_EQ(slurp(mount.source), "worker_processes 1;\n");
    // The hub may be down now: the cache is enough.
    hub_.clear();
    ASSERT_TRUE(preparer().prepare(desired, "c1").ok());
    EXPECT_EQ(fetches_, 1);
}

TEST_F(MountPreparerTest, ContentThatDoesNotMatchItsHashIsNeverCached) {
    std::string hash = sha256_hex("expected");
    hub_["blob:" + hash] = "something else";
    DesiredContainer desired = container_with({{.kind = VolumeMount::Kind::kBind,
                                                .source = "./a",
                                                .target = "/a",
                                                .read_only = true,
                                                .origin = Origin::kShippedFile,
                                                .content_hash = hash}});
    EXPECT_FALSE(preparer().prepare(desired, "c1").ok());
    EXPECT_FALSE(fs::exists(dir_ + "/state/files/blobs/" + hash));
}

TEST_F(MountPreparerTest, AShippedDirectoryIsBuiltFromItsManifest) {
    offer("a");
    offer("bb");
    std::string manifest = encode_manifest(
        {{{"a.conf", sha256_hex("a"), 0644, 1}, {"sub/b.sh", sha256_hex("bb"), 0755, 2}}});
    offer(manifest);
    DesiredContainer desired = container_with({{.kind = VolumeMount::Kind::kBind,
                                                .source = "./conf",
                                                .target = "/conf",
                                                .read_only = true,
                                                .origin = Origin::kShippedDirectory,
                                                .content_hash = sha256_hex(manifest)}});
    auto prepared = preparer().prepare(desired, "c1");
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    std::string root = prepared->volumes[0].source;
    EXPECT_EQ(slurp(root + "/a.conf"), "a");
    EXPECT_EQ(slurp(root + "/sub/b.sh"), "bb");
    EXPECT_EQ(fs::status(root + "/sub/b.sh").permissions() & fs::perms::owner_exec,
              fs::perms::owner_exec);
}

TEST_F(MountPreparerTest, ANodeDataDirectoryIsMadeUnderTheDataRootAndKept) {
    DesiredContainer desired = container_with({{.kind = VolumeMount::Kind::kBind,
                                                .source = "vw-data",
                                                .target = "/data",
                                                .read_only = false,
                                                .origin = Origin::kNodeData,
                                                .content_hash = ""}});
    auto prepared = preparer().prepare(desired, "c1");
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    EXPECT_EQ(prepared->volumes[0].source, dir_ + "/state/data/demo/vw-data");
    EXPECT_TRUE(fs::is_directory(prepared->volumes[0].source));
    EXPECT_FALSE(prepared->volumes[0].read_only);
    std::ofstream(prepared->volumes[0].source + "/db.sqlite") << "rows";
    ASSERT_TRUE(preparer().prepare(desired, "c1").ok());
    EXPECT_EQ(slurp(prepared->volumes[0].source + "/db.sqlite"), "rows");

    DesiredContainer escaping = container_with({{.kind = VolumeMount::Kind::kBind,
                                                 .source = "../../etc",
                                                 .target = "/data",
                                                 .read_only = false,
                                                 .origin = Origin::kNodeData,
                                                 .content_hash = ""}});
    EXPECT_FALSE(preparer().prepare(escaping, "c1").ok());
}

TEST_F(MountPreparerTest, SecretsAreWrittenOnlyWhereTheSecretDirectorySays) {
    hub_["secret:demo_db_password"] = "hunter2";
    DesiredContainer desired = container_with({});
    desired.secrets = {
        {"demo_db_password", "/run/secrets/db_password", own_uid(), own_gid(), 0400, 1, ""}};
    desired.configs = {};
    auto prepared = preparer().prepare(desired, "c1");
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    ASSERT_EQ(prepared->volumes.size(), 1u);
    EXPECT_EQ(prepared->volumes[0].source, dir_ + "/tmpfs/c1/demo_db_password");
    EXPECT_EQ(prepared->volumes[0].target, "/run/secrets/db_password");
    EXPECT_TRUE(prepared->volumes[0].read_only);
    EXPECT_EQ(slurp(prepared->volumes[0].source), "hunter2");
    // Nothing about the secret's value lands under the state directory.
    std::error_code no_state;  // the preparer may not have needed the state directory at all
    for (const auto& entry : fs::recursive_directory_iterator(dir_ + "/state", no_state)) {
        if (entry.is_regular_file()) {
            EXPECT_NE(slurp(entry.path()), "hunter2") << entry.path();
        }
    }

    secret_dir_ok_ = false;
    auto refused = preparer().prepare(desired, "c2");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("no tmpfs"), std::string::npos);
}

TEST_F(MountPreparerTest, AConfigIsACachedBlobWithItsOwnerAndMode) {
    offer("key=value\n");
    DesiredContainer desired = container_with({});
    desired.configs = {
        {"demo_app_ini", "/etc/app.ini", own_uid(), own_gid(), 0440, 0, sha256_hex("key=value\n")}};
    auto prepared = preparer().prepare(desired, "c1");
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    ASSERT_EQ(prepared->volumes.size(), 1u);
    EXPECT_EQ(slurp(prepared->volumes[0].source), "key=value\n");
    EXPECT_EQ(prepared->volumes[0].target, "/etc/app.ini");
    EXPECT_EQ(fs::status(prepared->volumes[0].source).permissions(),
              fs::perms::owner_read | fs::perms::group_read);
}

}  // namespace
}  // namespace edge
