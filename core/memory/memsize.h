// Memory sizes as people write them: Compose's "512m", "1g", "50M", "1.5GiB", or plain bytes,
// and back to short human text ("1.0 GiB", "300 MiB") for reasons and tables.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace edge {

// Parses a size. Accepted suffixes (case-insensitive): b, k, kb, kib, m, mb, mib, g, gb, gib,
// t, tb, tib. All are powers of 1024, as Docker and Compose treat them. No suffix means bytes.
Result<int64_t> parse_memory_size(const std::string& text);

// Formats bytes with a binary unit: "512 MiB", "1.5 GiB", "900 KiB", "12 B".
std::string format_memory_size(int64_t bytes);

}  // namespace edge
