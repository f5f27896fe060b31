// Files uploaded beside a compose file (the HTTP API's deploy) ship as the disk's do: a file, a
// directory of them, a missing path as the node's data directory; paths that leave the compose
// file's directory, and `~`, name nothing.
#include "compose/shipping/file_source.h"

#include <gtest/gtest.h>

#include "compose/shipping/ship_files.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {
namespace {

using Origin = VolumeMount::Origin;

StackSpec stack_binding(const std::vector<std::string>& sources) {
    ServiceSpec service;
    service.name = "app";
    service.image = "nginx";
    for (const auto& source : sources) {
        service.volumes.push_back({.kind = VolumeMount::Kind::kBind,
                                   .source = source,
                                   .target = "/target/" + std::to_string(service.volumes.size()),
                                   .origin = Origin::kRelative});
    }
    return StackSpec{"demo", {service}};
}

TEST(UploadedFiles, PathsResolveInsideTheComposeFilesDirectoryOnly) {
    auto files = UploadedFiles::create(
        {{"Caddyfile", ":80\n"}, {"site/index.html", "<h1>hi</h1>"}, {"site/css/a.css", "a{}"}});
    ASSERT_TRUE(files.ok()) << files.error().message;
    EXPECT_EQ(*files->resolve("./Caddyfile"), "Caddyfile");
    EXPECT_EQ(*files->resolve("site/"), "site");
    EXPECT_EQ(files->kind("Caddyfile"), FileKind::kFile);
    EXPECT_EQ(files->kind("site"), FileKind::kDirectory);
    EXPECT_EQ(files->kind("sit"), FileKind::kMissing);
    EXPECT_EQ(files->kind("data"), FileKind::kMissing);
    auto listing = files->list("site");
    ASSERT_TRUE(listing.ok());
    ASSERT_EQ(listing->files.size(), 2u);
    EXPECT_EQ(listing->files[0].relative, "css/a.css");
    EXPECT_EQ(listing->size, 14);
    EXPECT_FALSE(files->resolve("~/music").ok());
    EXPECT_EQ(files->inside_compose_directory(*files->resolve("../elsewhere")), "");
    EXPECT_EQ(files->inside_compose_directory(*files->resolve("./data/")), "data");
    EXPECT_FALSE(files->read("missing").ok());

    for (const char* bad : {"../x", "/etc/passwd", "a//b", "./a", ""}) {
        EXPECT_FALSE(UploadedFiles::create({{bad, "x"}}).ok()) << bad;
    }
}

TEST(UploadedFiles, BindsShipAsFromTheDisk) {
    auto files =
        UploadedFiles::create({{"Caddyfile", ":80\n"}, {"site/index.html", "<h1>hi</h1>"}});
    ASSERT_TRUE(files.ok());
    StackSpec stack = stack_binding({"./Caddyfile", "./site", "./data"});
    ShipOptions options{"compose.yaml", "", kDefaultMaxShippedSize, &*files};
    auto shipped = ship_relative_binds(stack, options);
    ASSERT_TRUE(shipped.ok()) << shipped.error().message;
    const auto& mounts = stack.services[0].volumes;
    EXPECT_EQ(mounts[0].origin, Origin::kShippedFile);
    EXPECT_EQ(mounts[0].content_hash, sha256_hex(":80\n"));
    EXPECT_EQ(mounts[1].origin, Origin::kShippedDirectory);
    EXPECT_EQ(mounts[2].origin, Origin::kNodeData);
    EXPECT_EQ(mounts[2].source, "data");
    // The file, the page and the directory's manifest.
    EXPECT_EQ(shipped->blobs.size(), 3u);

    StackSpec outside = stack_binding({"../shared"});
    auto refused = ship_relative_binds(outside, options);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("compose.yaml: services.app.volumes[0] (../shared)"),
              std::string::npos)
        << refused.error().message;
}

TEST(UploadedFiles, TheSizeBudgetHoldsForUploadsToo) {
    auto files = UploadedFiles::create({{"big.bin", std::string(2048, 'x')}});
    ASSERT_TRUE(files.ok());
    StackSpec stack = stack_binding({"./big.bin"});
    auto refused = ship_relative_binds(stack, {"compose.yaml", "", 1024, &*files});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("a stack may ship"), std::string::npos)
        << refused.error().message;
}

}  // namespace
}  // namespace edge
