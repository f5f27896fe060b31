// Limits and small writers that several JSON codecs share, so that one field kind has one
// bound wherever it appears (a path in a runtime option and in a shipped file alike).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace edge {

// A host or container path: Linux's PATH_MAX.
inline constexpr size_t kMaxPathLength = 4096;
// A byte count (memory, sizes): large enough for any real machine, small enough that sums of a
// few of them cannot overflow int64_t.
inline constexpr int64_t kMaxBytes = std::numeric_limits<int64_t>::max() / 4;
// A unix time in ms no message can honestly carry beyond: the year 3000.
inline constexpr int64_t kLatestUnixMs = 32'503'680'000'000;

// Optional fields are written only when set, which keeps messages short and lets older readers
// ignore what they do not know.
inline void put_list(nlohmann::json& object, const char* key,
                     const std::vector<std::string>& list) {
    if (!list.empty()) object[key] = list;
}

inline void put_text(nlohmann::json& object, const char* key, const std::string& text) {
    if (!text.empty()) object[key] = text;
}

// The end of a decoder that read with JsonReader: its first error, or the value.
template <typename T>
Result<T> finish_decoding(const std::string& first_error, T value) {
    if (!first_error.empty()) return make_error(first_error);
    return value;
}

}  // namespace edge
