#include "schema/bind_origin_json.h"

namespace edge {

using Origin = VolumeMount::Origin;

const char* to_string(Origin origin) {
    switch (origin) {
        case Origin::kHostPath:
            return "host";
        case Origin::kRelative:
            return "relative";
        case Origin::kShippedFile:
            return "shipped-file";
        case Origin::kShippedDirectory:
            return "shipped-dir";
        case Origin::kNodeData:
            return "node-data";
    }
    return "host";
}

std::optional<Origin> bind_origin_from(const std::string& text) {
    for (Origin origin : {Origin::kHostPath, Origin::kRelative, Origin::kShippedFile,
                          Origin::kShippedDirectory, Origin::kNodeData}) {
        if (text == to_string(origin)) return origin;
    }
    return std::nullopt;
}

bool is_content_hash(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

void put_bind_origin(nlohmann::json& item, const VolumeMount& volume) {
    if (volume.origin == Origin::kHostPath) return;
    item["origin"] = to_string(volume.origin);
    if (!volume.content_hash.empty()) item["content_hash"] = volume.content_hash;
}

void read_bind_origin(JsonReader& item, VolumeMount& volume) {
    if (!item.has("origin")) return;
    std::string text = item.string("origin", 16);
    auto origin = bind_origin_from(text);
    if (!origin) {
        if (item.ok())
            item.fail("origin", "host, relative, shipped-file, shipped-dir or node-data");
        return;
    }
    volume.origin = *origin;
    bool shipped = *origin == Origin::kShippedFile || *origin == Origin::kShippedDirectory;
    volume.content_hash = item.string("content_hash", 64, shipped);
    if (shipped && item.ok() && !is_content_hash(volume.content_hash)) {
        item.fail("content_hash", "a SHA-256 in lower-case hex");
    }
}

}  // namespace edge
