// Splitting a Compose short-syntax value ("HOST:CONTAINER:ro", "a,b,c") on one separator, and
// trimming the white space around its parts.
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

// Space, tab and line ends: what Compose and its .env files treat as white space around a value.
inline bool is_white_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// TEXT without the white space at either end.
inline std::string trim_white_space(const std::string& text) {
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && is_white_space(text[begin])) ++begin;
    while (end > begin && is_white_space(text[end - 1])) --end;
    return text.substr(begin, end - begin);
}

}  // namespace edge::compose
