#include "compose/placement_fields.h"

namespace edge::compose {

namespace {

// "HOST[:CONTAINER[:PERMISSIONS]]", as `docker run --device`.
Result<DeviceMapping> parse_device(const Value& item) {
    auto text = item.text("a device such as /dev/ttyUSB0:/dev/ttyUSB0:rwm");
    if (!text) return text.error();
    DeviceMapping device;
    std::string rest = *text;
    size_t colon = rest.find(':');
    device.host_path = rest.substr(0, colon);
    device.container_path = device.host_path;
    if (colon != std::string::npos) {
        rest = rest.substr(colon + 1);
        colon = rest.find(':');
        device.container_path = rest.substr(0, colon);
        if (colon != std::string::npos) device.permissions = rest.substr(colon + 1);
    }
    bool permissions_ok = !device.permissions.empty() &&
                          device.permissions.find_first_not_of("rwm") == std::string::npos;
    if (!device.host_path.starts_with("/dev/") || !device.container_path.starts_with("/") ||
        !permissions_ok || (device.host_path + "/").find("/../") != std::string::npos) {
        return item.expected(
            "HOST[:CONTAINER[:PERMISSIONS]] with a host path under /dev/ and permissions of "
            "r, w and m");
    }
    return device;
}

}  // namespace

bool is_placement_field(const std::string& key) {
    return key == "devices" || key == "network_mode" || key == "privileged";
}

Status parse_placement_field(const Entry& entry, ServiceSpec& spec) {
    const Value& value = entry.value;
    if (entry.key == "privileged") {
        auto flag = value.boolean();
        if (!flag) return flag.error();
        spec.runtime.privileged = *flag;
    } else if (entry.key == "network_mode") {
        auto mode = value.text("host, none, bridge or service:NAME");
        if (!mode) return mode.error();
        bool peer = mode->starts_with("service:") && mode->size() > 8;
        if (*mode != "host" && *mode != "none" && *mode != "bridge" && !peer) {
            return value.expected("host, none, bridge or service:NAME");
        }
        // bridge is what a service gets anyway: its stack's network.
        spec.runtime.network_mode = *mode == "bridge" ? "" : *mode;
    } else if (entry.key == "devices") {
        if (value.is_null()) return ok_status();
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto device = parse_device(item);
            if (!device) return device.error();
            spec.runtime.devices.push_back(*device);
        }
    }
    return ok_status();
}

}  // namespace edge::compose
