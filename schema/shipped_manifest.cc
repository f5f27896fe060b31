#include "schema/shipped_manifest.h"
#include "schema/json_fields.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "schema/bind_origin_json.h"
#include "schema/json_reader.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr int64_t kMaxFileSize = int64_t{1} << 40;

}  // namespace

bool is_safe_relative_path(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.find('\0') != std::string::npos) return false;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        std::string part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return true;
}

std::string encode_manifest(ShippedManifest manifest) {
    std::sort(manifest.files.begin(), manifest.files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    json files = json::array();
    for (const auto& entry : manifest.files) {
        files.push_back({{"path", entry.path},
                         {"hash", entry.hash},
                         {"mode", entry.mode},
                         {"size", entry.size}});
    }
    return json{{"files", files}}.dump();
}

Result<ShippedManifest> decode_manifest(const std::string& text) {
    json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) return make_error("shipped manifest is not JSON");
    std::string error;
    JsonReader reader(document, "", &error);
    ShippedManifest manifest;
    reader.objects("files", [&](JsonReader& item) {
        ShippedEntry entry;
        entry.path = item.string("path", kMaxPathLength);
        entry.hash = item.string("hash", 64);
        entry.mode = static_cast<int>(item.integer("mode", 0, 07777));
        entry.size = item.integer("size", 0, kMaxFileSize);
        if (item.ok() && !is_safe_relative_path(entry.path)) {
            item.reject("path", "\"" + entry.path + "\" leaves the shipped directory");
        }
        if (item.ok() && !is_content_hash(entry.hash)) {
            item.fail("hash", "a SHA-256 in lower-case hex");
        }
        manifest.files.push_back(std::move(entry));
    });
    if (!reader.ok()) return make_error("shipped manifest: " + error);
    return manifest;
}

}  // namespace edge
