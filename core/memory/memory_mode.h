// How a service's memory limit is chosen (x-edge: {memory: ...}, edge-hub --default-memory).
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>

namespace edge {

enum class MemoryMode {
    kDefault,    // the Compose file said nothing: the hub's --default-memory decides
    kFixed,      // the stated limit (or the fixed default) and nothing else
    kAuto,       // learned from use: raised after an OOM kill, resized at the next restart
    kRecommend,  // learned, shown, applied only by `edgectl service resize --apply`
};

// "default", "fixed", "auto", "recommend".
const char* to_string(MemoryMode mode);
std::optional<MemoryMode> memory_mode_from(const std::string& text);

// Whether the hub keeps a usage history for the mode and works out a recommendation.
inline bool learns_memory(MemoryMode mode) {
    return mode == MemoryMode::kAuto || mode == MemoryMode::kRecommend;
}

}  // namespace edge
