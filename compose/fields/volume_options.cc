#include "compose/fields/volume_options.h"

#include <set>

#include "core/memory/memsize.h"

namespace edge::compose {

namespace {

bool is_propagation(const std::string& option) {
    static const std::set<std::string> modes = {"rprivate", "private", "rshared",
                                                "shared",   "rslave",  "slave"};
    return modes.contains(option);
}

void warn_consistency(const Value& at, const std::string& option) {
    at.warn("\"" + option + "\" is a Docker Desktop (macOS) hint with no effect on Linux nodes");
}

Status parse_bind_options(const Value& value, VolumeMount& mount) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key == "propagation") {
            auto text = entry.value.text();
            if (!text) return text.error();
            if (!is_propagation(*text)) {
                return entry.value.expected("rprivate, private, rshared, shared, rslave or slave");
            }
            mount.propagation = *text;
        } else if (entry.key == "create_host_path") {
            auto create = entry.value.boolean();
            if (!create) return create.error();
            mount.create_host_path = *create;
        } else if (entry.key == "selinux") {
            auto label = entry.value.text();
            if (!label) return label.error();
            if (*label != "z" && *label != "Z") return entry.value.expected("z or Z");
            mount.selinux_label = *label;
        } else {
            return entry.value.fail(
                "unknown bind option; expected propagation, "
                "create_host_path or selinux");
        }
    }
    return ok_status();
}

Status parse_named_options(const Value& value, VolumeMount& mount) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key != "nocopy") {
            return entry.value.fail("unknown volume option; expected nocopy");
        }
        auto no_copy = entry.value.boolean();
        if (!no_copy) return no_copy.error();
        mount.no_copy = *no_copy;
    }
    return ok_status();
}

Status parse_tmpfs_options(const Value& value, VolumeMount& mount) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key == "size") {
            auto text = entry.value.text("a size such as 64m");
            if (!text) return text.error();
            auto bytes = parse_memory_size(*text);
            if (!bytes || *bytes <= 0) return entry.value.expected("a size such as 64m");
            mount.tmpfs_size = *bytes;
        } else if (entry.key == "mode") {
            // YAML reads 1777 as a decimal number, but Compose means octal digits; 0o1777
            // and 01777 are read the same way.
            auto text = entry.value.text("an octal mode such as 1777");
            if (!text) return text.error();
            std::string digits = text->starts_with("0o") ? text->substr(2) : *text;
            int mode = 0;
            bool valid = !digits.empty() && digits.size() <= 5;
            for (char c : digits) {
                valid = valid && c >= '0' && c <= '7';
                mode = mode * 8 + (c - '0');
            }
            if (!valid || mode > 07777) return entry.value.expected("an octal mode such as 1777");
            mount.tmpfs_mode = mode;
        } else {
            return entry.value.fail("unknown tmpfs option; expected size or mode");
        }
    }
    return ok_status();
}

}  // namespace

Status apply_short_volume_option(const Value& at, const std::string& option, VolumeMount& mount) {
    if (option == "z" || option == "Z") {
        mount.selinux_label = option;
    } else if (is_propagation(option)) {
        mount.propagation = option;
    } else if (option == "nocopy") {
        mount.no_copy = true;
    } else if (option == "cached" || option == "delegated" || option == "consistent") {
        warn_consistency(at, option);
    } else {
        return at.fail("unknown volume option \"" + option +
                       "\"; expected ro, rw, z, Z, nocopy or a propagation such as rslave");
    }
    return ok_status();
}

Status apply_long_volume_option(const Entry& entry, VolumeMount& mount) {
    if (entry.key == "bind") return parse_bind_options(entry.value, mount);
    if (entry.key == "volume") return parse_named_options(entry.value, mount);
    if (entry.key == "tmpfs") return parse_tmpfs_options(entry.value, mount);
    if (entry.key == "consistency") {
        auto text = entry.value.text();
        if (!text) return text.error();
        warn_consistency(entry.value, *text);
        return ok_status();
    }
    entry.value.warn_unsupported();
    return ok_status();
}

Status check_volume_options(const Value& item, const VolumeMount& mount) {
    using Kind = VolumeMount::Kind;
    const char* kind = volume_kind_name(mount.kind);
    auto refuse = [&](const std::string& option) {
        return item.fail(option + " does not apply to a mount of type " + kind);
    };
    bool bind_options =
        !mount.propagation.empty() || !mount.selinux_label.empty() || mount.create_host_path;
    if (bind_options && mount.kind != Kind::kBind) {
        return refuse(mount.propagation.empty() && mount.selinux_label.empty()
                          ? "bind.create_host_path"
                          : "bind propagation or an SELinux label");
    }
    if (mount.no_copy && mount.kind != Kind::kNamed) return refuse("nocopy");
    if ((mount.tmpfs_size != 0 || mount.tmpfs_mode != 0) && mount.kind != Kind::kTmpfs) {
        return refuse("tmpfs size or mode");
    }
    return ok_status();
}

}  // namespace edge::compose
