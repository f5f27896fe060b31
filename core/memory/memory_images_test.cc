// The known-image table and where an automatic limit starts.
#include "core/memory/memory_images.h"

#include <gtest/gtest.h>

#include <set>

#include "core/byte_units.h"
#include "core/memory/memory_policy.h"

namespace edge {
namespace memory_images_test {

TEST(KnownImages, MatchByNameWhateverTheRegistryTagOrDigest) {
    ASSERT_NE(find_known_image("jellyfin/jellyfin"), nullptr);
    EXPECT_EQ(find_known_image("lscr.io/linuxserver/jellyfin:10.9.7")->limit, 1 * kGiB);
    EXPECT_EQ(find_known_image("ghcr.io/immich-app/immich-server:release")->kind, "photo library");
    EXPECT_EQ(find_known_image("pihole/pihole@sha256:abcd")->limit, 128 * kMiB);
    EXPECT_EQ(find_known_image("registry.local:5000/postgres")->limit, 512 * kMiB);
    EXPECT_EQ(find_known_image("edge-test/busybox"), nullptr);
    EXPECT_EQ(find_known_image("jellyfin-helper"), nullptr);
    EXPECT_EQ(find_known_image(""), nullptr);
}

TEST(KnownImages, EveryEntryIsSourcedUniqueAndAWholeStep) {
    std::set<std::string_view> names;
    for (const KnownImage& known : known_images()) {
        EXPECT_TRUE(names.insert(known.name).second) << known.name;
        EXPECT_FALSE(known.source.empty()) << known.name;
        EXPECT_FALSE(known.kind.empty()) << known.name;
        EXPECT_EQ(known.limit % limit_step(known.limit), 0) << known.name;
        EXPECT_GE(known.limit, MemoryPolicy{}.floor) << known.name;
    }
    EXPECT_LE(names.size(), 20u);  // small on purpose
}

TEST(ProvisionalLimit, StatedThenKnownThenFallback) {
    EXPECT_EQ(provisional_limit("jellyfin/jellyfin", 64 * kMiB, 256 * kMiB), 64 * kMiB);
    EXPECT_EQ(provisional_limit("jellyfin/jellyfin", 0, 256 * kMiB), 1 * kGiB);
    EXPECT_EQ(provisional_limit("edge-test/busybox", 0, 256 * kMiB), 256 * kMiB);
}

}  // namespace memory_images_test
}  // namespace edge
