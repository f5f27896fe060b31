#include "core/image_digest.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(ImageDigest, TheRepositoryDropsTagAndDigestButNotARegistryPort) {
    EXPECT_EQ(image_repository("127.0.0.1:5000/shop/web:1.2"), "127.0.0.1:5000/shop/web");
    EXPECT_EQ(image_repository("127.0.0.1:5000/shop/web"), "127.0.0.1:5000/shop/web");
    EXPECT_EQ(image_repository("nginx@sha256:abc"), "nginx");
    EXPECT_EQ(image_repository("nginx:1.27@sha256:abc"), "nginx");
}

TEST(ImageDigest, TheShortNameIsTheLastComponentWithoutRegistryTagOrDigest) {
    EXPECT_EQ(image_short_name("registry.local:5000/library/postgres:16@sha256:abc"), "postgres");
    EXPECT_EQ(image_short_name("registry.local:5000/redis"), "redis");
    EXPECT_EQ(image_short_name("mariadb:11"), "mariadb");
    EXPECT_EQ(image_short_name("ghcr.io/immich-app/immich-server:v1"), "immich-server");
}

TEST(ImageDigest, DockerHubsLongNamesAreShortened) {
    EXPECT_EQ(familiar_repository("docker.io/library/nginx"), "nginx");
    EXPECT_EQ(familiar_repository("index.docker.io/grafana/grafana"), "grafana/grafana");
    EXPECT_EQ(familiar_repository("registry.lan/library/nginx"), "registry.lan/library/nginx");
}

TEST(ImageDigest, PinnedImagesNameASha256Digest) {
    EXPECT_TRUE(is_pinned_image("127.0.0.1:5000/web@sha256:0123"));
    EXPECT_FALSE(is_pinned_image("127.0.0.1:5000/web:sha256"));
}

TEST(ImageDigest, TheDigestOfTheReferencedRepositoryIsChosen) {
    std::vector<std::string> digests = {"mirror.lan/web@sha256:aaa",
                                        "127.0.0.1:5000/web@sha256:bbb"};
    EXPECT_EQ(choose_repo_digest("127.0.0.1:5000/web:latest", digests),
              "127.0.0.1:5000/web@sha256:bbb");
    EXPECT_EQ(choose_repo_digest("docker.io/library/nginx:1.27", {"nginx@sha256:ccc"}),
              "nginx@sha256:ccc");
}

TEST(ImageDigest, NoDigestOfTheRepositoryMeansNone) {
    EXPECT_EQ(choose_repo_digest("edge-test/busybox:latest", {}), "");
    EXPECT_EQ(choose_repo_digest("127.0.0.1:5000/web:1", {"mirror.lan/web@sha256:aaa"}), "");
}

}  // namespace
}  // namespace edge
