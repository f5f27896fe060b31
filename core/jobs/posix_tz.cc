#include "core/jobs/posix_tz.h"

#include <cctype>
#include <string>

#include "core/jobs/civil_time.h"

namespace edge {
namespace {

constexpr int kMaxOffsetHours = 24;
constexpr int kMaxChangeHours = 167;

// A cursor over the rule text; each parse_ step consumes what it reads.
struct Cursor {
    std::string_view text;
    size_t at = 0;
    bool done() const { return at >= text.size(); }
    char peek() const { return done() ? '\0' : text[at]; }
    bool take(char c) {
        if (peek() != c) return false;
        ++at;
        return true;
    }
};

Error tz_error(std::string_view text, const std::string& what) {
    return make_error("timezone rule '" + std::string(text) + "': " + what);
}

bool parse_name(Cursor& in) {
    const size_t start = in.at;
    if (in.take('<')) {  // quoted form, e.g. <+03>
        while (!in.done() && in.peek() != '>') ++in.at;
        return in.take('>') && in.at - start >= 5;
    }
    while (std::isalpha(static_cast<unsigned char>(in.peek()))) ++in.at;
    return in.at - start >= 3;
}

bool parse_int(Cursor& in, int& value) {
    const size_t start = in.at;
    value = 0;
    while (std::isdigit(static_cast<unsigned char>(in.peek())) && in.at - start < 4) {
        value = value * 10 + (in.text[in.at] - '0');
        ++in.at;
    }
    return in.at > start;
}

// [+-]hh[:mm[:ss]], in seconds, sign as written. POSIX allows 24 hours for an offset; RFC 8536
// extends a change's time of day to 167 hours.
bool parse_hms(Cursor& in, int32_t& seconds, int max_hours) {
    int sign = 1;
    if (in.take('-')) {
        sign = -1;
    } else {
        in.take('+');
    }
    int hours = 0;
    int minutes = 0;
    int secs = 0;
    if (!parse_int(in, hours) || hours > max_hours) return false;
    if (in.take(':') && (!parse_int(in, minutes) || minutes > 59)) return false;
    if (in.take(':') && (!parse_int(in, secs) || secs > 59)) return false;
    seconds = sign * (hours * 3600 + minutes * 60 + secs);
    return true;
}

bool parse_date_rule(Cursor& in, PosixTz::DateRule& rule) {
    if (in.take('M')) {
        rule.kind = PosixTz::DateRule::Kind::kMonthWeekDay;
        if (!parse_int(in, rule.month) || rule.month < 1 || rule.month > 12) return false;
        if (!in.take('.') || !parse_int(in, rule.week) || rule.week < 1 || rule.week > 5) {
            return false;
        }
        if (!in.take('.') || !parse_int(in, rule.day) || rule.day > 6) return false;
    } else if (in.take('J')) {
        rule.kind = PosixTz::DateRule::Kind::kJulianNoLeap;
        if (!parse_int(in, rule.day) || rule.day < 1 || rule.day > 365) return false;
    } else {
        rule.kind = PosixTz::DateRule::Kind::kJulianZeroBased;
        if (!parse_int(in, rule.day) || rule.day > 365) return false;
    }
    rule.time = 7'200;  // 02:00 unless given
    if (in.take('/')) return parse_hms(in, rule.time, kMaxChangeHours);
    return true;
}

// Days since 1970 of the rule's date in `year`.
int64_t rule_day(const PosixTz::DateRule& rule, int64_t year) {
    const int64_t january_first = days_from_civil({year, 1, 1});
    switch (rule.kind) {
        case PosixTz::DateRule::Kind::kJulianNoLeap: {
            int64_t day = january_first + rule.day - 1;
            if (is_leap_year(year) && rule.day >= 60) ++day;  // J60 is March 1st every year
            return day;
        }
        case PosixTz::DateRule::Kind::kJulianZeroBased:
            return january_first + rule.day;
        case PosixTz::DateRule::Kind::kMonthWeekDay:
            break;
    }
    const int64_t first = days_from_civil({year, rule.month, 1});
    int64_t day = first + (rule.day - weekday_from_days(first) + 7) % 7 + 7 * (rule.week - 1);
    while (day >= first + days_in_month(year, rule.month)) day -= 7;  // week 5: the last one
    return day;
}

int64_t year_of(int64_t utc_seconds, int32_t offset) {
    return civil_from_days(floor_div(utc_seconds + offset, kSecondsPerDay)).year;
}

}  // namespace

Result<PosixTz> parse_posix_tz(std::string_view text) {
    Cursor in{text};
    PosixTz tz;
    int32_t west = 0;
    if (!parse_name(in)) return tz_error(text, "expected a zone abbreviation at the start");
    if (!parse_hms(in, west, kMaxOffsetHours)) {
        return tz_error(text, "expected an offset after the abbreviation");
    }
    tz.std_offset = -west;
    if (in.done()) return tz;
    if (!parse_name(in)) return tz_error(text, "expected a daylight-time abbreviation");
    tz.has_dst = true;
    tz.dst_offset = tz.std_offset + 3600;
    if (!in.done() && in.peek() != ',') {
        if (!parse_hms(in, west, kMaxOffsetHours)) {
            return tz_error(text, "expected a daylight-time offset");
        }
        tz.dst_offset = -west;
    }
    if (in.done()) {
        // No rule given: POSIX leaves it to the system; glibc and tzcode use the US rule.
        tz.dst_start = {PosixTz::DateRule::Kind::kMonthWeekDay, 0, 3, 2, 7'200};
        tz.dst_end = {PosixTz::DateRule::Kind::kMonthWeekDay, 0, 11, 1, 7'200};
        return tz;
    }
    if (!in.take(',') || !parse_date_rule(in, tz.dst_start)) {
        return tz_error(text, "expected the start of daylight time (Mm.w.d, Jn or n)");
    }
    if (!in.take(',') || !parse_date_rule(in, tz.dst_end)) {
        return tz_error(text, "expected the end of daylight time (Mm.w.d, Jn or n)");
    }
    if (!in.done()) return tz_error(text, "unexpected text after the end of daylight time");
    return tz;
}

int32_t PosixTz::offset_at(int64_t utc_seconds) const {
    if (!has_dst) return std_offset;
    const int64_t year = year_of(utc_seconds, std_offset);
    const int64_t start = dst_start_in(year);
    const int64_t end = dst_end_in(year);
    const bool daylight = start < end ? (utc_seconds >= start && utc_seconds < end)
                                      : (utc_seconds < end || utc_seconds >= start);  // south
    return daylight ? dst_offset : std_offset;
}

int64_t PosixTz::dst_start_in(int64_t year) const {
    return rule_day(dst_start, year) * kSecondsPerDay + dst_start.time - std_offset;
}

int64_t PosixTz::dst_end_in(int64_t year) const {
    return rule_day(dst_end, year) * kSecondsPerDay + dst_end.time - dst_offset;
}

std::optional<int64_t> PosixTz::next_transition_after(int64_t utc_seconds) const {
    if (!has_dst) return std::nullopt;
    std::optional<int64_t> next;
    const int64_t year = year_of(utc_seconds, std_offset);
    for (int64_t y = year - 1; y <= year + 1; ++y) {
        for (int64_t change : {dst_start_in(y), dst_end_in(y)}) {
            if (change > utc_seconds && (!next || change < *next)) next = change;
        }
    }
    return next;
}

}  // namespace edge
