// The devices a node has, as placement needs them: serial sticks (/dev/serial/by-id/*,
// /dev/ttyUSB*, /dev/ttyACM*, /dev/ttyAMA*), GPUs (/dev/dri and its nodes), the TUN device,
// video capture, GPIO, I2C and SPI, sound, USB buses, DVB tuners and a few accelerators.
// A scan reads a handful of directories, so the agent repeats it before every report and
// notices a stick plugged in or pulled out.
// The root is a parameter so tests (and agents sharing one host in a test) can point it at a
// prepared tree; paths are reported as the node sees them, without the root.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <vector>

namespace edge {

// Sorted, without duplicates; at most kMaxScannedDevices. `declared` (--device) are added
// whether or not they exist under the root: the owner vouches for them.
std::vector<std::string> scan_devices(const std::string& root,
                                      const std::vector<std::string>& declared = {});

inline constexpr size_t kMaxScannedDevices = 512;

}  // namespace edge
