#include "core/memory/memory_mode.h"

namespace edge {

const char* to_string(MemoryMode mode) {
    switch (mode) {
        case MemoryMode::kDefault:
            return "default";
        case MemoryMode::kFixed:
            return "fixed";
        case MemoryMode::kAuto:
            return "auto";
        case MemoryMode::kRecommend:
            return "recommend";
    }
    return "default";
}

std::optional<MemoryMode> memory_mode_from(const std::string& text) {
    for (MemoryMode mode :
         {MemoryMode::kDefault, MemoryMode::kFixed, MemoryMode::kAuto, MemoryMode::kRecommend}) {
        if (text == to_string(mode)) return mode;
    }
    return std::nullopt;
}

}  // namespace edge
