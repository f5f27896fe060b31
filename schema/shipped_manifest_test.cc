#include "schema/shipped_manifest.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

TEST(ShippedManifest, RoundTripsSortedByPath) {
    ShippedManifest manifest{{{"z.conf", kHashA, 0600, 3}, {"a/b.conf", kHashB, 0644, 1}}};
    auto decoded = decode_manifest(encode_manifest(manifest));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    ASSERT_EQ(decoded->files.size(), 2u);
    EXPECT_EQ(decoded->files[0], (ShippedEntry{"a/b.conf", kHashB, 0644, 1}));
    EXPECT_EQ(decoded->files[1], (ShippedEntry{"z.conf", kHashA, 0600, 3}));
    // One directory, one manifest text: the order the files were found in does not matter.
    ShippedManifest reversed{{manifest.files[1], manifest.files[0]}};
    EXPECT_EQ(encode_manifest(reversed), encode_manifest(manifest));
}

TEST(ShippedManifest, RefusesPathsThatLeaveTheDirectoryAndBadHashes) {
    for (const std::string path : {"../etc/passwd", "/etc/passwd", "a/../../b", "a//b", ""}) {
        std::string text = encode_manifest({{{path, kHashA, 0644, 1}}});
        EXPECT_FALSE(decode_manifest(text).ok()) << path;
    }
    EXPECT_FALSE(decode_manifest(encode_manifest({{{"a", "not-a-hash", 0644, 1}}})).ok());
    EXPECT_FALSE(decode_manifest("not json").ok());
}

TEST(BindOrigin, TravelsInTheSpecAndIsAbsentForHostPaths) {
    DesiredContainer container;
    container.stack = "demo";
    container.service = "app";
    container.image = "nginx";
    container.volumes = {{.kind = VolumeMount::Kind::kBind,
                          .source = "/srv",
                          .target = "/srv",
                          .read_only = false,
                          .origin = VolumeMount::Origin::kHostPath,
                          .content_hash = ""},
                         {.kind = VolumeMount::Kind::kBind,
                          .source = "./app.conf",
                          .target = "/etc/app.conf",
                          .read_only = true,
                          .origin = VolumeMount::Origin::kShippedFile,
                          .content_hash = kHashA},
                         {.kind = VolumeMount::Kind::kBind,
                          .source = "data",
                          .target = "/data",
                          .read_only = false,
                          .origin = VolumeMount::Origin::kNodeData,
                          .content_hash = ""}};
    container.spec_hash = spec_hash(container);
    DesiredSet set{"pi-1", 3, {container}};
    std::string encoded = encode_desired(set);
    EXPECT_EQ(encoded.find("\"origin\":\"host\""), std::string::npos);
    auto decoded = decode_desired(encoded);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

}  // namespace
}  // namespace edge
