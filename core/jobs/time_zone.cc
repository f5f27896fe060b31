#include "core/jobs/time_zone.h"

#include <algorithm>
#include <cctype>

namespace edge {

TimeZone::TimeZone(std::string name, int32_t initial_offset, std::vector<int64_t> transitions,
                   std::vector<int32_t> offsets, std::optional<PosixTz> rule)
    : name_(std::move(name)),
      initial_offset_(initial_offset),
      transitions_(std::move(transitions)),
      offsets_(std::move(offsets)),
      rule_(std::move(rule)) {}

TimeZone TimeZone::utc() {
    return TimeZone("UTC", 0, {}, {}, std::nullopt);
}

Result<TimeZone> TimeZone::from_posix_rule(std::string name, std::string_view rule) {
    Result<PosixTz> parsed = parse_posix_tz(rule);
    if (!parsed) return parsed.error();
    return TimeZone(std::move(name), parsed->std_offset, {}, {}, *parsed);
}

int32_t TimeZone::offset_at(int64_t utc_seconds) const {
    auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
    if (after == transitions_.end() && rule_) return rule_->offset_at(utc_seconds);
    if (after == transitions_.begin()) return initial_offset_;
    return offsets_[static_cast<size_t>(after - transitions_.begin() - 1)];
}

std::optional<int64_t> TimeZone::next_transition_after(int64_t utc_seconds) const {
    auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
    if (after != transitions_.end()) return *after;
    if (rule_) return rule_->next_transition_after(utc_seconds);
    return std::nullopt;
}

Status check_zone_name(std::string_view name) {
    auto bad = [&](const std::string& what) {
        return make_error("timezone: '" + std::string(name) + "' " + what);
    };
    if (name.empty()) return bad("is empty; expected an IANA name such as Europe/Paris");
    size_t part_start = 0;
    for (size_t i = 0; i <= name.size(); ++i) {
        if (i == name.size() || name[i] == '/') {
            std::string_view part = name.substr(part_start, i - part_start);
            if (part.empty() || part == "." || part == "..") {
                return bad("is not a zone name such as Europe/Paris");
            }
            part_start = i + 1;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (!std::isalnum(c) && c != '_' && c != '-' && c != '+') {
            return bad("has a character other than letters, digits and /_-+");
        }
    }
    return ok_status();
}

}  // namespace edge
