// services.<name>.volumes: "data:/var/lib/data", "/srv/data:/data:ro", "/cache" (anonymous), or
// {type: volume|bind|tmpfs, source, target, read_only}. Relative and `~` bind paths name
// something beside the Compose file: they are kept as written, marked Origin::kRelative, and
// edgectl (which can look at that directory) ships them or makes them node-local data
// directories (compose/shipping/ship_files.h, docs/compose-files.md).
#include <optional>
#include <vector>

#include "compose/fields/ports_volumes.h"
#include "compose/fields/volume_options.h"

namespace edge::compose {

namespace {

using Kind = VolumeMount::Kind;

const char* const kShortSyntax =
    "a volume such as \"data:/var/lib/data\", \"/srv/data:/data\" or \"/srv/data:/data:ro\"";

bool is_relative_path(const std::string& source) {
    return !source.empty() && (source.front() == '.' || source.front() == '~');
}

Status check_target(const Value& at, const std::string& target) {
    if (!target.empty() && target.front() == '/') return ok_status();
    return at.fail("target \"" + target + "\" is not an absolute path");
}

// A relative or `~` source is resolved later, against the Compose file's directory; here
// it only has to name something: "~user/x" (another user's home) is not resolvable by edgectl.
Status accept_relative_bind(const Value& at, VolumeMount& mount) {
    const std::string& source = mount.source;
    if (source.front() == '~' && source.size() > 1 && source[1] != '/') {
        return at.fail("bind path \"" + source +
                       "\" names another user's home; write \"~/...\", a path relative to this "
                       "file (\"./...\"), or an absolute path");
    }
    mount.origin = VolumeMount::Origin::kRelative;
    return ok_status();
}

Status check_named_source(const Value& at, const std::string& name,
                          const std::set<std::string>& declared_volumes) {
    if (!is_valid_volume_name(name)) {
        return at.fail("\"" + name +
                       "\" is not a valid volume name; expected letters, digits, "
                       "'_', '.' or '-', starting with a letter or digit");
    }
    if (!declared_volumes.contains(name)) {
        return at.fail("volume \"" + name + "\" is not declared under the top-level volumes key");
    }
    return ok_status();
}

Status check_bind_source(const Value& at, VolumeMount& mount) {
    const std::string& source = mount.source;
    if (source.empty()) return at.fail("bind source is empty; expected a path");
    if (source.front() != '/') return accept_relative_bind(at, mount);
    return ok_status();
}

// Applies "ro", "rw" and the engine's options (compose/fields/volume_options.h) from the third
// field of the short syntax.
Status apply_mode(const Value& at, const std::string& mode, VolumeMount& mount) {
    size_t start = 0;
    while (start <= mode.size()) {
        size_t end = mode.find(',', start);
        std::string option = mode.substr(start, end - start);
        if (option == "ro") {
            mount.read_only = true;
        } else if (option == "rw") {
            mount.read_only = false;
        } else if (Status applied = apply_short_volume_option(at, option, mount); !applied) {
            return applied;
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return ok_status();
}

Result<VolumeMount> parse_short_volume(const Value& item,
                                       const std::set<std::string>& declared_volumes) {
    auto text = item.text(kShortSyntax);
    if (!text) return text.error();
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t end = text->find(':', start);
        parts.push_back(text->substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (parts.size() > 3) return item.expected(kShortSyntax);

    VolumeMount mount;
    if (parts.size() == 1) {
        // A bare container path asks for an anonymous volume.
        mount.target = parts[0];
    } else {
        mount.source = parts[0];
        mount.target = parts[1];
        if (mount.source.empty()) return item.expected(kShortSyntax);
        bool is_path = mount.source.front() == '/' || is_relative_path(mount.source);
        mount.kind = is_path ? Kind::kBind : Kind::kNamed;
        Status source_ok = is_path ? check_bind_source(item, mount)
                                   : check_named_source(item, mount.source, declared_volumes);
        if (!source_ok) return source_ok.error();
    }
    if (Status status = check_target(item, mount.target); !status) return status.error();
    if (parts.size() == 3) {
        if (Status status = apply_mode(item, parts[2], mount); !status) return status.error();
    }
    if (Status status = check_volume_options(item, mount); !status) return status.error();
    return mount;
}

Result<VolumeMount> parse_long_volume(const Value& item,
                                      const std::set<std::string>& declared_volumes) {
    auto entries = item.entries();
    if (!entries) return entries.error();
    VolumeMount mount;
    std::optional<Value> type_at;
    std::optional<Value> source_at;
    std::optional<Value> target_at;
    for (const Entry& entry : *entries) {
        const Value& value = entry.value;
        if (entry.key == "type") {
            auto type = value.text("volume, bind or tmpfs");
            if (!type) return type.error();
            if (*type == "volume") {
                mount.kind = Kind::kNamed;
            } else if (*type == "bind") {
                mount.kind = Kind::kBind;
            } else if (*type == "tmpfs") {
                mount.kind = Kind::kTmpfs;
            } else {
                return value.expected("volume, bind or tmpfs");
            }
            type_at = value;
        } else if (entry.key == "source") {
            auto source = value.text();
            if (!source) return source.error();
            mount.source = *source;
            source_at = value;
        } else if (entry.key == "target") {
            auto target = value.text("an absolute path");
            if (!target) return target.error();
            if (Status status = check_target(value, *target); !status) return status.error();
            mount.target = *target;
            target_at = value;
        } else if (entry.key == "read_only") {
            auto read_only = value.boolean();
            if (!read_only) return read_only.error();
            mount.read_only = *read_only;
        } else if (Status applied = apply_long_volume_option(entry, mount); !applied) {
            return applied.error();
        }
    }
    if (!type_at) return item.missing("type", "expected volume, bind or tmpfs");
    if (!target_at) return item.missing("target", "expected the path inside the container");

    switch (mount.kind) {
        case Kind::kNamed:
            // No source: an anonymous volume.
            if (source_at && !mount.source.empty()) {
                Status status = check_named_source(*source_at, mount.source, declared_volumes);
                if (!status) return status.error();
            }
            break;
        case Kind::kBind: {
            if (!source_at) return item.missing("source", "a bind mount needs a host path");
            if (Status status = check_bind_source(*source_at, mount); !status) {
                return status.error();
            }
            break;
        }
        case Kind::kTmpfs:
            if (source_at && !mount.source.empty()) {
                return source_at->fail("a tmpfs mount has no source");
            }
            break;
    }
    if (Status status = check_volume_options(item, mount); !status) return status.error();
    return mount;
}

}  // namespace

bool is_valid_volume_name(const std::string& name) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return false;
    }
    return true;
}

Result<VolumeMount> parse_volume(const Value& item, const std::set<std::string>& declared_volumes) {
    if (item.is_map()) return parse_long_volume(item, declared_volumes);
    return parse_short_volume(item, declared_volumes);
}

}  // namespace edge::compose
