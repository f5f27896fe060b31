// The shipped-file rules on a real temporary directory: file, small directory, large
// directory, missing path, `~`, absolute path, and the content hash that rolls a service.
#include "compose/shipping/ship_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "schema/messages.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {
namespace {

namespace fs = std::filesystem;
using Origin = VolumeMount::Origin;

class ShipFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/ship_files_test.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
        fs::create_directories(dir_ / "project");
        fs::create_directories(dir_ / "home");
        options_.compose_file = (dir_ / "project" / "compose.yaml").string();
        options_.home = (dir_ / "home").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const fs::path& path, const std::string& content) {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }
    StackSpec stack_with(const std::string& source, bool read_only = false) {
        VolumeMount mount{.kind = VolumeMount::Kind::kBind,
                          .source = source,
                          .target = "/target",
                          .read_only = read_only,
                          .origin = Origin::kRelative};
        ServiceSpec service;
        service.name = "app";
        service.image = "nginx";
        service.volumes = {mount};
        return StackSpec{"demo", {service}};
    }

    fs::path dir_;
    ShipOptions options_;
};

TEST_F(ShipFilesTest, AnExistingFileShipsByItsHashReadOnly) {
    write(dir_ / "project" / "Caddyfile", ":80 {\n  respond ok\n}\n");
    StackSpec stack = stack_with("./Caddyfile");
    auto shipped = ship_relative_binds(stack, options_);
    ASSERT_TRUE(shipped.ok()) << shipped.error().message;
    const VolumeMount& mount = stack.services[0].volumes[0];
    EXPECT_EQ(mount.origin, Origin::kShippedFile);
    EXPECT_EQ(mount.content_hash, sha256_hex(":80 {\n  respond ok\n}\n"));
    EXPECT_TRUE(mount.read_only);
    EXPECT_EQ(mount.source, "./Caddyfile");
    ASSERT_EQ(shipped->blobs.size(), 1u);
    EXPECT_EQ(shipped->blobs[0].hash, mount.content_hash);
    EXPECT_EQ(shipped->total_size, 21);  // the file's bytes
}

TEST_F(ShipFilesTest, ASmallDirectoryShipsAsAManifestOfItsFiles) {
    write(dir_ / "project" / "conf" / "a.conf", "a");
    write(dir_ / "project" / "conf" / "sub" / "b.conf", "bb");
    write(dir_ / "project" / "conf" / "sub" / "copy.conf", "a");
    StackSpec stack = stack_with("./conf/");
    auto shipped = ship_relative_binds(stack, options_);
    ASSERT_TRUE(shipped.ok()) << shipped.error().message;
    const VolumeMount& mount = stack.services[0].volumes[0];
    EXPECT_EQ(mount.origin, Origin::kShippedDirectory);
    // Two distinct contents plus the manifest; "a" is stored once.
    ASSERT_EQ(shipped->blobs.size(), 3u);
    const ShippedBlob& manifest_blob = shipped->blobs.back();
    EXPECT_EQ(manifest_blob.hash, mount.content_hash);
    auto manifest = decode_manifest(manifest_blob.content);
    ASSERT_TRUE(manifest.ok()) << manifest.error().message;
    ASSERT_EQ(manifest->files.size(), 3u);
    EXPECT_EQ(manifest->files[0].path, "a.conf");
    EXPECT_EQ(manifest->files[1].path, "sub/b.conf");
    EXPECT_EQ(manifest->files[1].hash, sha256_hex("bb"));
    EXPECT_EQ(manifest->files[2].hash, manifest->files[0].hash);
}

TEST_F(ShipFilesTest, ALargeDirectoryIsRefusedWithItsSizeTheLimitAndWhatToUse) {
    write(dir_ / "project" / "photos" / "1.jpg", std::string(700 * 1024, 'x'));
    write(dir_ / "project" / "photos" / "2.jpg", std::string(700 * 1024, 'y'));
    StackSpec stack = stack_with("./photos");
    auto shipped = ship_relative_binds(stack, options_);
    ASSERT_FALSE(shipped.ok());
    EXPECT_EQ(shipped.error().message,
              options_.compose_file +
                  ": services.app.volumes[0] (./photos): directory ./photos holds 1.4 MiB, over "
                  "the 1 MiB a stack may ship (edgectl deploy --max-shipped-size); use a named "
                  "volume, or an absolute path that exists on the node");
    options_.max_size = 2 * 1024 * 1024;
    EXPECT_TRUE(ship_relative_binds(stack, options_).ok());
}

TEST_F(ShipFilesTest, TheLimitCountsEveryShippedFileOfTheStackOnce) {
    write(dir_ / "project" / "big.bin", std::string(600 * 1024, 'x'));
    write(dir_ / "project" / "other.bin", std::string(600 * 1024, 'y'));
    StackSpec stack = stack_with("./big.bin");
    stack.services[0].volumes.push_back(stack.services[0].volumes[0]);  // same file twice: once
    ASSERT_TRUE(ship_relative_binds(stack, options_).ok());
    StackSpec two = stack_with("./big.bin");
    VolumeMount other = two.services[0].volumes[0];
    other.source = "./other.bin";
    two.services[0].volumes.push_back(other);
    auto shipped = ship_relative_binds(two, options_);
    ASSERT_FALSE(shipped.ok());
    EXPECT_NE(shipped.error().message.find("1.2 MiB, over the 1 MiB"), std::string::npos)
        << shipped.error().message;
}

TEST_F(ShipFilesTest, AMissingPathIsANodeLocalDataDirectory) {
    for (const std::string source : {"./data", "./vw-data/", "db/pg"}) {
        StackSpec stack = stack_with(source);
        auto shipped = ship_relative_binds(stack, options_);
        ASSERT_TRUE(shipped.ok()) << shipped.error().message;
        const VolumeMount& mount = stack.services[0].volumes[0];
        EXPECT_EQ(mount.origin, Origin::kNodeData) << source;
        EXPECT_TRUE(shipped->blobs.empty());
    }
    StackSpec stack = stack_with("./vw-data/");
    ASSERT_TRUE(ship_relative_binds(stack, options_).ok());
    EXPECT_EQ(stack.services[0].volumes[0].source, "vw-data");
}

TEST_F(ShipFilesTest, AMissingPathOutsideTheComposeDirectoryIsRefused) {
    StackSpec stack = stack_with("../elsewhere");
    auto shipped = ship_relative_binds(stack, options_);
    ASSERT_FALSE(shipped.ok());
    EXPECT_NE(shipped.error().message.find("must lie inside the compose file's directory"),
              std::string::npos)
        << shipped.error().message;
}

TEST_F(ShipFilesTest, TildeIsTheHomeDirectory) {
    write(dir_ / "home" / "app.ini", "x=1\n");
    StackSpec stack = stack_with("~/app.ini");
    ASSERT_TRUE(ship_relative_binds(stack, options_).ok());
    EXPECT_EQ(stack.services[0].volumes[0].origin, Origin::kShippedFile);
    EXPECT_EQ(stack.services[0].volumes[0].content_hash, sha256_hex("x=1\n"));
    options_.home.clear();
    StackSpec again = stack_with("~/app.ini");
    EXPECT_FALSE(ship_relative_binds(again, options_).ok());
}

TEST_F(ShipFilesTest, AbsolutePathsAreLeftAlone) {
    StackSpec stack = stack_with("/srv/media");
    stack.services[0].volumes[0].origin = Origin::kHostPath;
    StackSpec before = stack;
    auto shipped = ship_relative_binds(stack, options_);
    ASSERT_TRUE(shipped.ok());
    EXPECT_EQ(stack, before);
    EXPECT_TRUE(shipped->blobs.empty());
}

// The spec hash includes the content hash: an edited file rolls the service, an unchanged one
// does not.
TEST_F(ShipFilesTest, EditingAShippedFileChangesTheSpecHash) {
    auto hash_after_shipping = [&](const std::string& content) {
        write(dir_ / "project" / "app.conf", content);
        StackSpec stack = stack_with("./app.conf");
        EXPECT_TRUE(ship_relative_binds(stack, options_).ok());
        DesiredContainer container;
        container.stack = "demo";
        container.service = "app";
        container.image = "nginx";
        container.volumes = stack.services[0].volumes;
        return spec_hash(container);
    };
    std::string first = hash_after_shipping("v1");
    EXPECT_EQ(hash_after_shipping("v1"), first);
    EXPECT_NE(hash_after_shipping("v2"), first);
}

}  // namespace
}  // namespace edge
