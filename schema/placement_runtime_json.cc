#include "schema/placement_runtime_json.h"

#include <string>

namespace edge {

using json = nlohmann::json;

namespace {
constexpr size_t kMaxDevices = 64;
constexpr size_t kMaxPathLength = 256;
}  // namespace

void put_placement_runtime(json& object, const RuntimeOptions& runtime) {
    json fields = json::object();
    if (runtime.privileged) fields["privileged"] = true;
    if (!runtime.network_mode.empty()) fields["network_mode"] = runtime.network_mode;
    if (!runtime.devices.empty()) {
        json devices = json::array();
        for (const auto& device : runtime.devices) {
            devices.push_back({{"host_path", device.host_path},
                               {"container_path", device.container_path},
                               {"permissions", device.permissions}});
        }
        fields["devices"] = devices;
    }
    if (!fields.empty()) object["runtime"] = fields;
}

void read_placement_runtime(JsonReader& reader, RuntimeOptions& runtime) {
    if (!reader.has("runtime") || !reader.ok()) return;
    JsonReader fields = reader.object("runtime");
    if (!fields.ok()) return;
    runtime.privileged = fields.boolean("privileged", false);
    runtime.network_mode = fields.string("network_mode", kMaxPathLength, false);
    size_t count = 0;
    fields.objects(
        "devices",
        [&](JsonReader& item) {
            if (++count > kMaxDevices) return item.fail("host_path", "at most 64 devices");
            DeviceMapping device;
            device.host_path = item.string("host_path", kMaxPathLength);
            device.container_path = item.string("container_path", kMaxPathLength);
            device.permissions = item.string("permissions", 3);
            if (item.ok() && !device.host_path.starts_with("/")) {
                item.fail("host_path", "an absolute path");
            }
            runtime.devices.push_back(device);
        },
        false);
}

}  // namespace edge
