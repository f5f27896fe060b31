#include "schema/file_refs_json.h"
#include "schema/json_fields.h"

#include <cstdint>

#include "core/names.h"
#include "schema/bind_origin_json.h"
#include "schema/shipped_manifest.h"

namespace edge {

using nlohmann::json;

namespace {

json refs_to_json(const std::vector<FileReference>& refs) {
    json list = json::array();
    for (const auto& ref : refs) {
        json item = {{"name", ref.name},
                     {"target", ref.target},
                     {"uid", ref.uid},
                     {"gid", ref.gid},
                     {"mode", ref.mode}};
        if (ref.version != 0) item["version"] = ref.version;
        if (!ref.content_hash.empty()) item["content_hash"] = ref.content_hash;
        list.push_back(std::move(item));
    }
    return list;
}

bool is_number(const std::string& text) {
    if (text.empty() || text.size() > 10) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

std::vector<FileReference> refs_from(JsonReader& item, const char* key, bool config) {
    std::vector<FileReference> refs;
    item.objects(
        key,
        [&](JsonReader& entry) {
            FileReference ref;
            ref.name = entry.string("name", 128);
            ref.target = entry.string("target", kMaxPathLength);
            ref.uid = entry.string("uid", 10);
            ref.gid = entry.string("gid", 10);
            ref.mode = static_cast<int>(entry.integer("mode", 0, 0777));
            ref.version = entry.integer("version", 0, INT64_MAX, false);
            // A config's hash may be empty in a deploy: the hub fills in an external one's.
            ref.content_hash = entry.string("content_hash", 64, false);
            if (!entry.ok()) return;
            // The agent writes files by these names and binds them at these targets.
            if (Status valid = validate_file_object_name(config ? "config" : "secret", ref.name);
                !valid) {
                entry.reject("name", valid.error().message);
            } else if (ref.target.empty() || ref.target.front() != '/' ||
                       !is_safe_relative_path(ref.target.substr(1))) {
                entry.fail("target", "an absolute path without \".\" or \"..\" parts");
            } else if (!is_number(ref.uid) || !is_number(ref.gid)) {
                entry.fail("uid", "numeric uid and gid");
            } else if (config && !ref.content_hash.empty() && !is_content_hash(ref.content_hash)) {
                entry.fail("content_hash", "a SHA-256 in lower-case hex");
            }
            refs.push_back(std::move(ref));
        },
        false);
    return refs;
}

}  // namespace

void put_file_refs(json& object, const std::vector<FileReference>& secrets,
                   const std::vector<FileReference>& configs) {
    if (!secrets.empty()) object["secrets"] = refs_to_json(secrets);
    if (!configs.empty()) object["configs"] = refs_to_json(configs);
}

void read_file_refs(JsonReader& item, std::vector<FileReference>& secrets,
                    std::vector<FileReference>& configs) {
    secrets = refs_from(item, "secrets", false);
    configs = refs_from(item, "configs", true);
}

}  // namespace edge
