#include "compose/fields/runtime_values.h"

#include <algorithm>

#include "compose/text_split.h"
#include "core/memory/memsize.h"
#include "core/names.h"

namespace edge::compose {

namespace {

bool is_permissions(const std::string& text) {
    if (text.empty() || text.size() > 3) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (c == 'r' || c == 'w' || c == 'm') && std::count(text.begin(), text.end(), c) == 1;
    });
}

Status check_device(const Value& at, const DeviceMapping& device) {
    if (device.host_path.empty() || device.host_path.front() != '/') {
        return at.fail("device \"" + device.host_path +
                       "\" is not an absolute host path such as /dev/ttyUSB0");
    }
    if (device.container_path.empty() || device.container_path.front() != '/') {
        return at.fail("device target \"" + device.container_path + "\" is not an absolute path");
    }
    if (!is_permissions(device.permissions)) {
        return at.fail("device permissions \"" + device.permissions +
                       "\" are not some of r, w and m");
    }
    return ok_status();
}

// An octal mode such as 1777 or 0755.
std::optional<int> octal_mode(const std::string& text) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    int mode = 0;
    for (char c : text) {
        if (c < '0' || c > '7') return std::nullopt;
        mode = mode * 8 + (c - '0');
    }
    return mode <= 07777 ? std::optional<int>(mode) : std::nullopt;
}

}  // namespace

Result<std::vector<std::string>> string_list(const Value& value, const std::string& what) {
    auto items = value.items();
    if (!items) return items.error();
    std::vector<std::string> list;
    for (const Value& item : *items) {
        auto text = item.text(what);
        if (!text) return text.error();
        if (text->empty()) return item.expected(what);
        list.push_back(*text);
    }
    return list;
}

Result<std::vector<std::string>> string_or_list(const Value& value, const std::string& what) {
    if (value.is_list()) return string_list(value, what);
    auto text = value.text(what + ", or a list of them");
    if (!text) return text.error();
    if (text->empty()) return value.expected(what);
    return std::vector<std::string>{*text};
}

Result<std::vector<KeyValue>> key_values(const Value& value, char separator,
                                         const std::string& what, char alternative) {
    std::vector<KeyValue> pairs;
    if (value.is_null()) return pairs;
    if (value.is_map()) {
        auto entries = value.entries();
        if (!entries) return entries.error();
        for (const Entry& entry : *entries) {
            if (entry.value.is_null()) {
                pairs.push_back({entry.key, std::nullopt, entry.value});
                continue;
            }
            auto text = entry.value.text("a string, number or boolean");
            if (!text) return text.error();
            pairs.push_back({entry.key, *text, entry.value});
        }
        return pairs;
    }
    if (!value.is_list()) return value.expected(what + ", as a list or a map");
    auto items = value.items();
    if (!items) return items.error();
    for (const Value& item : *items) {
        auto text = item.text(what);
        if (!text) return text.error();
        size_t split_at = text->find(separator);
        if (split_at == std::string::npos && alternative != '\0') {
            split_at = text->find(alternative);
        }
        if (split_at == std::string::npos) {
            pairs.push_back({*text, std::nullopt, item});
        } else {
            pairs.push_back({text->substr(0, split_at), text->substr(split_at + 1), item});
        }
    }
    return pairs;
}

Result<DeviceMapping> parse_device(const Value& item) {
    DeviceMapping device;
    if (item.is_map()) {
        auto entries = item.entries();
        if (!entries) return entries.error();
        for (const Entry& entry : *entries) {
            auto text = entry.value.text();
            if (!text) return text.error();
            if (entry.key == "source") {
                device.host_path = *text;
            } else if (entry.key == "target") {
                device.container_path = *text;
            } else if (entry.key == "permissions") {
                device.permissions = *text;
            } else {
                return entry.value.fail("unknown key; expected source, target or permissions");
            }
        }
        if (device.host_path.empty()) return item.missing("source", "the device on the node");
        if (device.container_path.empty()) device.container_path = device.host_path;
    } else {
        auto text = item.text("a device such as /dev/ttyUSB0:/dev/zigbee");
        if (!text) return text.error();
        if (text->find('=') != std::string::npos) {
            return item.fail(
                "CDI device names are not supported; name the device's path "
                "on the node, such as /dev/dri/renderD128");
        }
        auto parts = split_fields(*text, ':');
        if (parts.size() > 3) return item.expected("HOST[:CONTAINER[:PERMISSIONS]]");
        device.host_path = parts[0];
        device.container_path = parts.size() > 1 ? parts[1] : parts[0];
        // "/dev/a:rw" names permissions, not a target: a target is a path.
        if (parts.size() == 2 && !parts[1].empty() && parts[1].front() != '/') {
            device.container_path = parts[0];
            device.permissions = parts[1];
        }
        if (parts.size() == 3) device.permissions = parts[2];
    }
    if (Status valid = check_device(item, device); !valid) return valid.error();
    return device;
}

Result<VolumeMount> parse_tmpfs_text(const Value& at, const std::string& text) {
    VolumeMount mount;
    mount.kind = VolumeMount::Kind::kTmpfs;
    size_t colon = text.find(':');
    mount.target = text.substr(0, colon);
    if (mount.target.empty() || mount.target.front() != '/') {
        return at.fail("tmpfs target \"" + mount.target + "\" is not an absolute path");
    }
    if (colon == std::string::npos) return mount;
    for (const std::string& option : split_fields(text.substr(colon + 1), ',')) {
        if (option.starts_with("size=")) {
            auto bytes = parse_memory_size(option.substr(5));
            if (!bytes || *bytes <= 0) {
                return at.fail("tmpfs size \"" + option.substr(5) + "\" is not a size such as 64m");
            }
            mount.tmpfs_size = *bytes;
        } else if (option.starts_with("mode=")) {
            auto mode = octal_mode(option.substr(5));
            if (!mode) {
                return at.fail("tmpfs mode \"" + option.substr(5) +
                               "\" is not an octal mode such as 1777");
            }
            mount.tmpfs_mode = *mode;
        } else if (option == "ro") {
            mount.read_only = true;
        } else if (option == "rw" || option.empty()) {
            mount.read_only = false;
        } else {
            // The engine's tmpfs mount takes a size and a mode; it mounts with noexec, nosuid
            // and nodev, which is what hardening options usually ask for anyway.
            at.warn("tmpfs option \"" + option +
                    "\" is not passed on: the engine mounts tmpfs with its defaults "
                    "(nosuid, nodev, noexec); only size, mode, ro and rw are honoured");
        }
    }
    return mount;
}

Result<std::vector<Link>> parse_link_items(const Value& value) {
    auto items = value.items();
    if (!items) return items.error();
    std::vector<Link> links;
    for (const Value& item : *items) {
        auto text = item.text("a link such as db or db:database");
        if (!text) return text.error();
        auto parts = split_fields(*text, ':');
        if (parts.size() > 2) return item.expected("a link such as db or db:database");
        Link link{parts[0], parts.size() == 2 ? parts[1] : parts[0], item};
        for (const std::string& name : {link.service, link.alias}) {
            // Aliases are names on the stack's network, as strict as service names.
            if (Status valid = validate_name("link", name); !valid) {
                return item.fail(valid.error().message);
            }
        }
        links.push_back(link);
    }
    return links;
}

}  // namespace edge::compose
