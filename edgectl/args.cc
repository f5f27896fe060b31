#include "edgectl/args.h"

#include <cctype>
#include <cstdint>
#include <limits>
#include <set>

namespace edge::ctl {

namespace {

// Milliseconds per unit, or 0 for an unknown unit.
int64_t unit_milliseconds(const std::string& unit) {
    if (unit == "ms") return 1;
    if (unit == "s" || unit.empty()) return 1000;
    if (unit == "m") return 60 * 1000;
    if (unit == "h") return 60 * 60 * 1000;
    if (unit == "d") return 24 * 60 * 60 * 1000;
    return 0;
}

// Label keys follow Docker's loose rules; we only refuse what would break the
// key=value / key- syntax or be invisible in a table.
bool valid_label_key(const std::string& key) {
    if (key.empty() || key.size() > 128) return false;
    for (unsigned char c : key) {
        if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/')) return false;
    }
    return true;
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(const std::string& text) {
    const std::string expected = "a duration such as 500ms, 10s, 10m, 2h or 1m30s";
    if (text.empty()) return make_error("empty duration; expected " + expected);
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 2;
    int64_t total = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t digits_start = pos;
        int64_t number = 0;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            if (number > kMax / 10) return make_error("duration \"" + text + "\" is too long");
            number = number * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos == digits_start) return make_error("\"" + text + "\" is not " + expected);
        size_t unit_start = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
        std::string unit = text.substr(unit_start, pos - unit_start);
        // A bare number is only allowed as the whole text ("30"), never as a part ("1m30").
        if (unit.empty() && digits_start != 0) {
            return make_error("\"" + text + "\" is not " + expected);
        }
        int64_t multiplier = unit_milliseconds(unit);
        if (multiplier == 0) {
            return make_error("\"" + text + "\" has unknown unit \"" + unit + "\"; expected " +
                              expected);
        }
        if (number > (kMax - total) / multiplier) {
            return make_error("duration \"" + text + "\" is too long");
        }
        total += number * multiplier;
    }
    return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
    int64_t ms = duration.count();
    if (ms == 0) return "0s";
    std::string text;
    if (ms < 0) {
        text.push_back('-');
        ms = -ms;
    }
    const std::pair<int64_t, const char*> units[] = {{24LL * 60 * 60 * 1000, "d"},
                                                     {60LL * 60 * 1000, "h"},
                                                     {60 * 1000, "m"},
                                                     {1000, "s"},
                                                     {1, "ms"}};
    for (const auto& [size, name] : units) {
        if (ms >= size) {
            text += std::to_string(ms / size) + name;
            ms %= size;
        }
    }
    return text;
}

Result<LabelChanges> parse_label_changes(const std::vector<std::string>& arguments) {
    if (arguments.empty()) return make_error("no label changes given; use key=value or key-");
    LabelChanges changes;
    std::set<std::string> seen;
    for (const auto& argument : arguments) {
        std::string key;
        size_t equals = argument.find('=');
        bool removal = equals == std::string::npos && !argument.empty() && argument.back() == '-';
        if (equals != std::string::npos) {
            key = argument.substr(0, equals);
        } else if (removal) {
            key = argument.substr(0, argument.size() - 1);
        } else {
            return make_error("label argument \"" + argument +
                              "\" is neither key=value (set) nor key- (remove)");
        }
        if (!valid_label_key(key)) {
            return make_error("label key \"" + key +
                              "\" is invalid; use letters, digits, '.', '_', '-' or '/' "
                              "(at most 128)");
        }
        if (!seen.insert(key).second) {
            return make_error("label \"" + key + "\" is given more than once");
        }
        if (removal) {
            changes.remove.push_back(key);
        } else {
            changes.set[key] = argument.substr(equals + 1);
        }
    }
    return changes;
}

}  // namespace edge::ctl
