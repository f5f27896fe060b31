#include "agent/observe/device_scan.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

namespace edge {

namespace fs = std::filesystem;

namespace {

// A directory and the name prefix of the entries in it that count ("" for every entry).
struct DeviceClass {
    std::string_view directory;
    std::string_view prefix;
};

constexpr DeviceClass kClasses[] = {
    {"/dev/serial/by-id", ""},  // stable names of USB serial sticks: what compose files use
    {"/dev/serial/by-path", ""},
    {"/dev", "ttyUSB"},
    {"/dev", "ttyACM"},
    {"/dev", "ttyAMA"},
    {"/dev/dri", ""},
    {"/dev", "video"},
    {"/dev", "media"},
    {"/dev", "gpiochip"},
    {"/dev", "gpiomem"},
    {"/dev", "i2c-"},
    {"/dev", "spidev"},
    {"/dev", "hidraw"},
    {"/dev", "apex_"},  // Coral TPU
    {"/dev/snd", ""},
    {"/dev/dvb", ""},
};

// Whole directories a compose file may name as one device (`/dev/dri:/dev/dri`), and single
// devices outside any class.
constexpr std::string_view kSinglePaths[] = {"/dev/dri",     "/dev/snd",     "/dev/dvb",
                                             "/dev/bus/usb", "/dev/net/tun", "/dev/vchiq",
                                             "/dev/fuse",    "/dev/kfd"};

fs::path under_root(const std::string& root, std::string_view path) {
    return fs::path(root) / fs::path(path).relative_path();
}

}  // namespace

std::vector<std::string> scan_devices(const std::string& root,
                                      const std::vector<std::string>& declared) {
    std::set<std::string> found(declared.begin(), declared.end());
    std::error_code error;
    for (std::string_view path : kSinglePaths) {
        // exists() follows links: a dangling /dev/serial link is a stick that is gone.
        if (fs::exists(under_root(root, path), error)) found.insert(std::string(path));
    }
    for (const DeviceClass& device_class : kClasses) {
        fs::path directory = under_root(root, device_class.directory);
        for (fs::directory_iterator it(directory, error), end; !error && it != end;
             it.increment(error)) {
            std::string name = it->path().filename().string();
            if (!name.starts_with(device_class.prefix) || name.starts_with(".")) continue;
            if (!fs::exists(it->path(), error)) continue;
            found.insert(std::string(device_class.directory) + "/" + name);
            if (found.size() >= kMaxScannedDevices) break;
        }
        error.clear();
    }
    std::vector<std::string> devices(found.begin(), found.end());
    if (devices.size() > kMaxScannedDevices) devices.resize(kMaxScannedDevices);
    return devices;
}

}  // namespace edge
