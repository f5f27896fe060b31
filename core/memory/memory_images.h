// Provisional memory limits for well-known images (docs/memory.md): where a service with an
// automatic limit starts before its own use has been observed. The table is small on purpose:
// only apps whose needs are far from the generous default, each with the published figure it
// rests on. Anything else starts at the default, and an OOM kill raises it within seconds.
// Thread-safety: constant data and pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace edge {

struct KnownImage {
    std::string_view name;    // the image's last path component, without tag or digest
    int64_t limit;            // bytes
    std::string_view kind;    // what it is, for events: "media server"
    std::string_view source;  // where the figure comes from
};

std::span<const KnownImage> known_images();

// The entry for `image` ("lscr.io/linuxserver/jellyfin:10.9" -> jellyfin), or nullptr.
const KnownImage* find_known_image(std::string_view image);

// Where an automatic limit starts: a limit the Compose file stated, else the known image's,
// else `fallback`.
int64_t provisional_limit(const std::string& image, int64_t stated_limit, int64_t fallback);

}  // namespace edge
