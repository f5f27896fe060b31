// Splitting a Compose short-syntax value ("HOST:CONTAINER:ro", "a,b,c") on one separator.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

namespace edge::compose {

// Every field between separators, empty ones included: "a::b" gives {"a", "", "b"}.
inline std::vector<std::string> split_fields(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

}  // namespace edge::compose
