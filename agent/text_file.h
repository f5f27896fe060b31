// Whole small files from /proc, /sys and cgroup mounts, which report their size as 0 or 4096
// whatever they hold, so they are read to the end rather than by their stat size.
// Thread-safety: stateless.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace edge {

// The file's bytes, or nullopt if it cannot be opened (absent, no permission).
std::optional<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace edge
