#include "hub/files/shipped_files.h"

#include <map>

#include "schema/base64.h"
#include "schema/bind_origin_json.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {

namespace {

using Origin = VolumeMount::Origin;

bool is_shipped(const VolumeMount& mount) {
    return mount.origin == Origin::kShippedFile || mount.origin == Origin::kShippedDirectory;
}

Result<std::map<std::string, std::string>> decode_files(const nlohmann::json& files) {
    std::map<std::string, std::string> blobs;
    if (files.is_null()) return blobs;
    if (!files.is_array()) return make_error("argument \"files\": expected an array");
    int64_t total = 0;
    for (const auto& file : files) {
        if (!file.is_object() || !file.contains("hash") || !file["hash"].is_string() ||
            !file.contains("data") || !file["data"].is_string()) {
            return make_error("argument \"files\": expected objects with \"hash\" and \"data\"");
        }
        std::string hash = file["hash"].get<std::string>();
        auto data = base64_decode(file["data"].get<std::string>());
        if (!data) return make_error("shipped file " + hash + ": " + data.error().message);
        if (sha256_hex(*data) != hash) {
            return make_error("shipped file " + hash + ": its content has another SHA-256");
        }
        total += static_cast<int64_t>(data->size());
        if (total > kMaxShippedBytesPerDeploy) {
            return make_error("a deploy may ship at most 64 MiB of files");
        }
        blobs[hash] = std::move(*data);
    }
    return blobs;
}

// The content of `hash`: sent with this deploy, or stored earlier.
Result<std::optional<std::string>> find_blob(Store& store,
                                             const std::map<std::string, std::string>& sent,
                                             const std::string& hash) {
    auto it = sent.find(hash);
    if (it != sent.end()) return std::optional<std::string>(it->second);
    return store.blob(hash);
}

}  // namespace

Status store_shipped_files(Store& store, const StackSpec& stack, const nlohmann::json& files,
                           int64_t now_ms) {
    auto sent = decode_files(files);
    if (!sent) return sent.error();
    std::vector<StoredBlob> keep;
    std::set<std::string> kept;
    auto need = [&](const std::string& hash, const std::string& what) -> Result<std::string> {
        auto content = find_blob(store, *sent, hash);
        if (!content) return content.error();
        if (!*content) {
            return make_error(what + ": the hub has no content with SHA-256 " + hash +
                              "; deploy with edgectl, which ships it");
        }
        if (sent->contains(hash) && kept.insert(hash).second) keep.push_back({hash, **content});
        return std::move(**content);
    };
    for (const auto& service : stack.services) {
        // A config the stack defines travels like a shipped file; an external one has no
        // hash yet (the hub fills it in from its configs).
        for (const auto& config : service.configs) {
            if (config.content_hash.empty()) continue;
            auto content =
                need(config.content_hash, "service " + service.name + ", config " + config.name);
            if (!content) return content.error();
        }
        for (const auto& mount : service.volumes) {
            std::string what = "service " + service.name + ", volume " + mount.source;
            if (mount.origin == Origin::kRelative) {
                return make_error(what +
                                  ": a path relative to the compose file must be resolved "
                                  "by edgectl before it reaches the hub");
            }
            if (!is_shipped(mount)) continue;
            auto content = need(mount.content_hash, what);
            if (!content) return content.error();
            if (mount.origin != Origin::kShippedDirectory) continue;
            auto manifest = decode_manifest(*content);
            if (!manifest) return make_error(what + ": " + manifest.error().message);
            for (const auto& entry : manifest->files) {
                auto file = need(entry.hash, what + "/" + entry.path);
                if (!file) return file.error();
            }
        }
    }
    return store.put_blobs(keep, now_ms);
}

Result<std::set<std::string>> referenced_blobs(Store& store,
                                               const std::vector<DesiredContainer>& containers) {
    std::set<std::string> hashes;
    for (const auto& container : containers) {
        for (const auto& config : container.configs) hashes.insert(config.content_hash);
        for (const auto& mount : container.volumes) {
            if (!is_shipped(mount)) continue;
            if (!hashes.insert(mount.content_hash).second) continue;
            if (mount.origin != Origin::kShippedDirectory) continue;
            auto content = store.blob(mount.content_hash);
            if (!content) return content.error();
            if (!*content) continue;
            auto manifest = decode_manifest(**content);
            if (!manifest) continue;
            for (const auto& entry : manifest->files) hashes.insert(entry.hash);
        }
    }
    return hashes;
}

}  // namespace edge
