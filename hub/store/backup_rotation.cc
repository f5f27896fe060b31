#include "hub/store/backup_rotation.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <functional>

namespace edge {

namespace {

constexpr std::string_view kPrefix = "hub-";
constexpr std::string_view kSuffix = "Z.db";
// "YYYYMMDDTHHMMSSmmm"
constexpr size_t kStampLength = 18;

bool parse_digits(std::string_view text, int* value) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string backup_file_name(int64_t time_ms) {
    std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof(millis), "%03d", static_cast<int>(time_ms % 1000));
    return std::string(kPrefix) + stamp + millis + std::string(kSuffix);
}

std::optional<int64_t> backup_time(std::string_view name) {
    if (name.size() != kPrefix.size() + kStampLength + kSuffix.size()) return std::nullopt;
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
    std::string_view stamp = name.substr(kPrefix.size(), kStampLength);
    if (stamp[8] != 'T') return std::nullopt;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!parse_digits(stamp.substr(0, 4), &year) || !parse_digits(stamp.substr(4, 2), &month) ||
        !parse_digits(stamp.substr(6, 2), &day) || !parse_digits(stamp.substr(9, 2), &hour) ||
        !parse_digits(stamp.substr(11, 2), &minute) ||
        !parse_digits(stamp.substr(13, 2), &second) ||
        !parse_digits(stamp.substr(15, 3), &millis)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::tm utc{};
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    return static_cast<int64_t>(timegm(&utc)) * 1000 + millis;
}

std::vector<std::string> backups_newest_first(const std::vector<std::string>& names) {
    std::vector<std::string> backups;
    for (const auto& name : names) {
        if (backup_time(name)) backups.push_back(name);
    }
    std::sort(backups.begin(), backups.end(), std::greater<>());
    return backups;
}

std::vector<std::string> backups_to_delete(const std::vector<std::string>& names, size_t keep) {
    std::vector<std::string> backups = backups_newest_first(names);
    size_t kept = std::max<size_t>(keep, 1);
    if (backups.size() <= kept) return {};
    return {backups.begin() + static_cast<std::ptrdiff_t>(kept), backups.end()};
}

}  // namespace edge
