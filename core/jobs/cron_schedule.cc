#include "core/jobs/cron_schedule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "core/jobs/civil_time.h"

namespace edge {
namespace {

struct FieldSpec {
    const char* name;
    int min;
    int max;
    // Names for the values from `min`, or none (upper case; matched case-insensitively).
    std::vector<std::string_view> names;
};

const FieldSpec kMinute{"minute", 0, 59, {}};
const FieldSpec kHour{"hour", 0, 23, {}};
const FieldSpec kDayOfMonth{"day-of-month", 1, 31, {}};
const FieldSpec kMonth{
    "month",
    1,
    12,
    {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
// 7 is Sunday too, as in Vixie cron; it is folded onto 0 after parsing.
const FieldSpec kDayOfWeek{"day-of-week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};

Error field_error(const FieldSpec& field, const std::string& what) {
    return make_error(std::string(field.name) + ": " + what);
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::optional<int> parse_number(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// A single value: a number or (for month and day-of-week) a name.
Result<int> parse_value(const FieldSpec& field, std::string_view text) {
    if (text.empty()) return field_error(field, "expected a value, got nothing");
    if (std::isdigit(static_cast<unsigned char>(text[0]))) {
        std::optional<int> value = parse_number(text);
        const bool all_digits = std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
        if (!value && !all_digits) return field_error(field, quoted(text) + " is not a number");
        if (!value || *value < field.min || *value > field.max) {
            return field_error(field, std::string(text) + " is out of range " +
                                          std::to_string(field.min) + "-" +
                                          std::to_string(field.max));
        }
        return *value;
    }
    for (size_t i = 0; i < field.names.size(); ++i) {
        const std::string_view name = field.names[i];
        if (text.size() != name.size()) continue;
        bool same = true;
        for (size_t c = 0; c < name.size(); ++c) {
            same = same && std::toupper(static_cast<unsigned char>(text[c])) == name[c];
        }
        if (same) return field.min + static_cast<int>(i);
    }
    if (field.names.empty()) {
        return field_error(field, quoted(text) + " is not a number " + std::to_string(field.min) +
                                      "-" + std::to_string(field.max));
    }
    return field_error(field, quoted(text) + " is not a number " + std::to_string(field.min) + "-" +
                                  std::to_string(field.max) + " or a name " +
                                  std::string(field.names.front()) + "-" +
                                  std::string(field.names.back()));
}

struct ParsedField {
    std::vector<bool> values;  // indexed by value, min..max
    bool starred = false;
};

// One comma-separated item: `*`, `N`, `N-M`, each with an optional `/STEP`.
Status parse_item(const FieldSpec& field, std::string_view item, ParsedField& out) {
    if (item.empty()) return field_error(field, "empty list item");
    std::string_view range = item;
    std::optional<int> step;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
        range = item.substr(0, slash);
        std::string_view step_text = item.substr(slash + 1);
        step = parse_number(step_text);
        if (!step || *step < 1) {
            return field_error(field, "step " + quoted(step_text) + " is not a whole number >= 1");
        }
    }
    int first = field.min;
    int last = field.max;
    if (range == "*") {
        // the whole range, already set by first and last
    } else if (size_t dash = range.find('-'); dash != std::string_view::npos) {
        Result<int> low = parse_value(field, range.substr(0, dash));
        if (!low) return low.error();
        Result<int> high = parse_value(field, range.substr(dash + 1));
        if (!high) return high.error();
        if (*low > *high) {
            return field_error(field, "range " + std::string(range) + " goes backwards (" +
                                          std::to_string(*low) + " > " + std::to_string(*high) +
                                          ")");
        }
        first = *low;
        last = *high;
    } else {
        Result<int> value = parse_value(field, range);
        if (!value) return value.error();
        first = *value;
        // `5/15` runs from 5 to the end of the range, as cronie and most cron dialects read it.
        last = step ? field.max : *value;
    }
    for (int value = first; value <= last; value += step.value_or(1)) {
        out.values[static_cast<size_t>(value - field.min)] = true;
    }
    return ok_status();
}

Result<ParsedField> parse_field(const FieldSpec& field, std::string_view text) {
    ParsedField out;
    out.values.assign(static_cast<size_t>(field.max - field.min + 1), false);
    size_t start = 0;
    while (true) {
        size_t comma = text.find(',', start);
        std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        Status status = parse_item(field, item, out);
        if (!status) return status.error();
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    // Vixie cron treats a field as starred when it starts with `*`, even in a list.
    out.starred = !text.empty() && text.front() == '*';
    return out;
}

template <size_t N>
void copy_bits(const FieldSpec& field, const ParsedField& parsed, std::bitset<N>& bits) {
    for (size_t i = 0; i < parsed.values.size(); ++i) {
        if (parsed.values[i]) bits.set((static_cast<size_t>(field.min) + i) % N);
    }
}

std::optional<std::string_view> expand_macro(std::string_view text) {
    if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
    if (text == "@monthly") return "0 0 1 * *";
    if (text == "@weekly") return "0 0 * * 0";
    if (text == "@daily" || text == "@midnight") return "0 0 * * *";
    if (text == "@hourly") return "0 * * * *";
    return std::nullopt;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string_view> split_blanks(std::string_view text) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_blank(text[i])) ++i;
        size_t start = i;
        while (i < text.size() && !is_blank(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// A schedule whose days never come (`0 0 30 2 *`) would never run; say so when it is parsed
// rather than letting a job sit silently. Only checked when the weekday field is starred: a
// restricted weekday matches on its own (either day field is enough).
Status check_days_can_occur(const CronSchedule& schedule, std::string_view days_text,
                            std::string_view months_text) {
    if (!schedule.day_of_week_starred || schedule.days_of_week.count() == 0) return ok_status();
    for (int month = 1; month <= 12; ++month) {
        if (!schedule.months[static_cast<size_t>(month)]) continue;
        for (int day = 1; day <= days_in_month(2000, month); ++day) {  // 2000: a leap year
            if (schedule.days_of_month[static_cast<size_t>(day)]) return ok_status();
        }
    }
    return make_error("day-of-month: " + std::string(days_text) + " never occurs in month " +
                      std::string(months_text) + ", so the schedule would never run");
}

}  // namespace

Result<CronSchedule> parse_cron(std::string_view text) {
    std::vector<std::string_view> words = split_blanks(text);
    if (words.size() == 1 && words[0].front() == '@') {
        std::optional<std::string_view> expansion = expand_macro(words[0]);
        if (!expansion) {
            return make_error("schedule: " + quoted(words[0]) +
                              " is not one of @yearly, @annually, @monthly, @weekly, @daily, "
                              "@midnight, @hourly");
        }
        return parse_cron(*expansion);
    }
    if (words.size() != 5) {
        return make_error(
            "schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a "
            "macro such as @daily, got " +
            std::to_string(words.size()) + " field" + (words.size() == 1 ? "" : "s"));
    }
    const std::array<const FieldSpec*, 5> fields = {&kMinute, &kHour, &kDayOfMonth, &kMonth,
                                                    &kDayOfWeek};
    std::array<ParsedField, 5> parsed;
    for (size_t i = 0; i < fields.size(); ++i) {
        Result<ParsedField> field = parse_field(*fields[i], words[i]);
        if (!field) return field.error();
        parsed[i] = std::move(*field);
    }
    CronSchedule schedule;
    copy_bits(kMinute, parsed[0], schedule.minutes);
    copy_bits(kHour, parsed[1], schedule.hours);
    copy_bits(kDayOfMonth, parsed[2], schedule.days_of_month);
    copy_bits(kMonth, parsed[3], schedule.months);
    copy_bits(kDayOfWeek, parsed[4], schedule.days_of_week);  // 7 lands on bit 0, Sunday
    schedule.minute_starred = parsed[0].starred;
    schedule.hour_starred = parsed[1].starred;
    schedule.day_of_month_starred = parsed[2].starred;
    schedule.day_of_week_starred = parsed[4].starred;
    Status days = check_days_can_occur(schedule, words[2], words[3]);
    if (!days) return days.error();
    return schedule;
}

bool cron_day_matches(const CronSchedule& schedule, int month, int day_of_month, int day_of_week) {
    if (!schedule.months[static_cast<size_t>(month)]) return false;
    const bool dom = schedule.days_of_month[static_cast<size_t>(day_of_month)];
    const bool dow = schedule.days_of_week[static_cast<size_t>(day_of_week)];
    if (schedule.day_of_month_starred || schedule.day_of_week_starred) return dom && dow;
    return dom || dow;
}

}  // namespace edge
