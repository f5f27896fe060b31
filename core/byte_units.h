// Binary byte units, for sizes written in code and tests ("256 * kMiB").
#pragma once

#include <cstdint>

namespace edge {

inline constexpr int64_t kKiB = 1024;
inline constexpr int64_t kMiB = 1024 * kKiB;
inline constexpr int64_t kGiB = 1024 * kMiB;

}  // namespace edge
