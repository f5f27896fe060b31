#include "core/memory/memsize.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace edge {

namespace {

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Returns the multiplier for a unit suffix, or 0 when the suffix is unknown.
int64_t unit_multiplier(const std::string& unit) {
    constexpr int64_t kKi = 1024;
    if (unit.empty() || unit == "b") return 1;
    if (unit == "k" || unit == "kb" || unit == "kib") return kKi;
    if (unit == "m" || unit == "mb" || unit == "mib") return kKi * kKi;
    if (unit == "g" || unit == "gb" || unit == "gib") return kKi * kKi * kKi;
    if (unit == "t" || unit == "tb" || unit == "tib") return kKi * kKi * kKi * kKi;
    return 0;
}

}  // namespace

Result<int64_t> parse_memory_size(const std::string& text) {
    const std::string expected = "a size such as 512m, 1g, 1.5GiB or a number of bytes";
    size_t pos = 0;
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    size_t number_start = pos;
    bool seen_dot = false;
    while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) ||
                                 (text[pos] == '.' && !seen_dot))) {
        if (text[pos] == '.') seen_dot = true;
        ++pos;
    }
    std::string number = text.substr(number_start, pos - number_start);
    if (number.empty() || number == ".") {
        return make_error("\"" + text + "\" is not " + expected);
    }
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string unit = lowercase(text.substr(pos));
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
    int64_t multiplier = unit_multiplier(unit);
    if (multiplier == 0) {
        return make_error("\"" + text + "\" has unknown unit \"" + unit + "\"; expected " +
                          expected);
    }
    long double value =
        std::strtold(number.c_str(), nullptr) * static_cast<long double>(multiplier);
    if (!std::isfinite(static_cast<double>(value)) ||
        value > static_cast<long double>(std::numeric_limits<int64_t>::max() / 2)) {
        return make_error("\"" + text + "\" is too large");
    }
    return static_cast<int64_t>(std::llround(static_cast<double>(value)));
}

std::string format_memory_size(int64_t bytes) {
    static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (std::fabs(value) >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[64];
    if (unit == 0 || std::fabs(value - std::round(value)) < 0.05) {
        // Whole numbers read better: "512 MiB", but keep one decimal for GiB ("1.0 GiB")
        // so that reasons line up with what people type.
        if (unit >= 3) {
            std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
        } else {
            std::snprintf(buffer, sizeof buffer, "%.0f %s", value, kUnits[unit]);
        }
    } else {
        std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
    }
    return buffer;
}

}  // namespace edge
