#include "core/reconcile/health.h"

#include <cmath>
#include <cstdlib>

namespace edge {

std::vector<std::string> HealthCheck::engine_test() const {
    std::vector<std::string> test;
    switch (kind) {
        case Kind::kNone:
            return {"NONE"};
        case Kind::kCmd:
            test.push_back("CMD");
            break;
        case Kind::kCmdShell:
            test.push_back("CMD-SHELL");
            break;
    }
    test.insert(test.end(), command.begin(), command.end());
    return test;
}

namespace {

constexpr const char* kDurationForm = "a duration such as 30s, 1m30s or 500ms";
// A week: no health check interval or grace period is sensibly longer, and the bound keeps
// every product far from int64 overflow.
constexpr double kMaxDurationMs = 7.0 * 24 * 3600 * 1000;

// Milliseconds per unit, or 0 for an unknown unit.
double unit_ms(const std::string& unit) {
    if (unit == "h") return 3600.0 * 1000;
    if (unit == "m") return 60.0 * 1000;
    if (unit == "s") return 1000;
    if (unit == "ms") return 1;
    if (unit == "us" || unit == "µs") return 0.001;
    if (unit == "ns") return 0.000001;
    return 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

Result<int64_t> parse_compose_duration(const std::string& text) {
    if (text.empty()) return make_error(std::string("expected ") + kDurationForm + ", got \"\"");
    auto bad = [&](const std::string& why) {
        return make_error(std::string("expected ") + kDurationForm + ", got \"" + text + "\"" +
                          (why.empty() ? "" : " (" + why + ")"));
    };
    if (text == "0") return int64_t{0};
    double total = 0;
    size_t i = 0;
    while (i < text.size()) {
        size_t start = i;
        while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
        if (i == start) return bad("a number must come first");
        std::string number = text.substr(start, i - start);
        if (number.find('.') != number.rfind('.') || number == ".") return bad("not a number");
        size_t unit_start = i;
        while (i < text.size() && !is_digit(text[i]) && text[i] != '.') ++i;
        std::string unit = text.substr(unit_start, i - unit_start);
        if (unit.empty()) return bad("a unit (h, m, s, ms, us) must follow " + number);
        double per_unit = unit_ms(unit);
        if (per_unit == 0) return bad("unknown unit \"" + unit + "\"");
        total += std::strtod(number.c_str(), nullptr) * per_unit;
        if (total > kMaxDurationMs) return bad("longer than a week");
    }
    return static_cast<int64_t>(std::floor(total));
}

std::string format_compose_duration(int64_t ms) {
    if (ms <= 0) return "0s";
    std::string text;
    auto part = [&](int64_t unit, const char* name) {
        if (ms >= unit) {
            text += std::to_string(ms / unit) + name;
            ms %= unit;
        }
    };
    part(3600000, "h");
    part(60000, "m");
    part(1000, "s");
    part(1, "ms");
    return text;
}

}  // namespace edge
