#include "core/memory/memory_images.h"

#include <array>

#include "core/byte_units.h"
#include "core/image_digest.h"

namespace edge {

namespace {

// The figures are starting points, not promises: each is the published requirement of the
// app (for the whole machine when that is all the project publishes) brought down to what one
// container of a small home install needs, rounded to a step (core/memory/memory_policy.h).
constexpr std::array kKnownImages = {
    KnownImage{"jellyfin", 1 * kGiB, "media server",
               "jellyfin/jellyfin discussion #10444: the documented requirement is 8 GB for the "
               "machine; a small library runs in about 250 MB, transcoding needs far more"},
    KnownImage{"pms-docker", 1 * kGiB, "media server",
               "Plex support, minimum requirements for Plex Media Server: 2 GB RAM for the "
               "machine"},
    KnownImage{"plex", 1 * kGiB, "media server", "as pms-docker (linuxserver/plex)"},
    KnownImage{"embyserver", 1 * kGiB, "media server",
               "no published figure; as jellyfin, which was forked from it"},
    KnownImage{"immich-server", 1 * kGiB, "photo library",
               "docs.immich.app/install/requirements: 6 GB RAM minimum for the whole stack"},
    KnownImage{"immich-machine-learning", 2 * kGiB, "photo library (machine learning)",
               "docs.immich.app/install/requirements: 6 GB RAM minimum for the whole stack; "
               "the models are the largest part"},
    KnownImage{"pihole", 128 * kMiB, "DNS blocker",
               "docs.pi-hole.net/main/prerequisites: 512 MB RAM for the whole machine; FTL "
               "itself holds the blocklists, tens of MB"},
    KnownImage{"adguardhome", 128 * kMiB, "DNS blocker",
               "no published figure; the same job as pihole"},
    KnownImage{"nextcloud", 512 * kMiB, "file sync",
               "Nextcloud admin manual, system requirements: 128 MB per PHP process, 512 MB "
               "recommended"},
    KnownImage{"home-assistant", 512 * kMiB, "home automation",
               "home-assistant.io/installation: 2 GB RAM for the machine, which also runs its "
               "add-ons"},
    KnownImage{"gitea", 512 * kMiB, "git server",
               "docs.gitea.com: 2 CPU cores and 1 GB RAM are typically enough for small teams"},
    KnownImage{"grafana", 256 * kMiB, "dashboards",
               "grafana.com/docs/grafana/latest/setup-grafana/installation: 512 MB memory "
               "minimum for the machine"},
    KnownImage{"postgres", 512 * kMiB, "database",
               "postgresql.org docs, runtime-config-resource: shared_buffers defaults to 128 MB, "
               "plus work_mem per connection"},
    KnownImage{"eclipse-mosquitto", 32 * kMiB, "MQTT broker",
               "mosquitto.org: suitable for low-power single-board computers"},
};

}  // namespace

std::span<const KnownImage> known_images() {
    return kKnownImages;
}

const KnownImage* find_known_image(std::string_view image) {
    std::string_view name = image_short_name(image);
    for (const KnownImage& known : kKnownImages) {
        if (known.name == name) return &known;
    }
    return nullptr;
}

int64_t provisional_limit(const std::string& image, int64_t stated_limit, int64_t fallback) {
    if (stated_limit > 0) return stated_limit;
    if (const KnownImage* known = find_known_image(image)) return known->limit;
    return fallback;
}

}  // namespace edge
