// A cron schedule as crontab(5) writes it: five fields (minute hour day-of-month month
// day-of-week) with `*`, lists, ranges, steps (`*/15`, `1-30/5`, `5/15` = from 5 to the end),
// month and weekday names (JAN, MON), 7 as well as 0 for Sunday, and the macros @yearly,
// @annually, @monthly, @weekly, @daily, @midnight and @hourly. Debian ships no C++ cron
// parser, so this is a small one. Parsing is pure; errors name the field and what was expected,
// e.g. "minute: 61 is out of range 0-59". Thread-safety: plain values.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

struct CronSchedule {
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days_of_month;  // bits 1-31
    std::bitset<13> months;         // bits 1-12
    std::bitset<7> days_of_week;    // 0 = Sunday
    // Whether a field was written starting with `*` (`*` or `*/n`). Vixie cron keys two rules
    // on this: a day matches when both day fields match if either day field is starred, else
    // when either matches; and a schedule with a starred minute or hour runs in both passes
    // through a local hour repeated by a daylight-saving change (see cron_next.h).
    bool minute_starred = false;
    bool hour_starred = false;
    bool day_of_month_starred = false;
    bool day_of_week_starred = false;
};

// Parses a schedule; surrounding blanks are ignored, fields are separated by blanks.
Result<CronSchedule> parse_cron(std::string_view text);

// Whether a date matches the day fields (day of month, month, day of week; 0 = Sunday).
bool cron_day_matches(const CronSchedule& schedule, int month, int day_of_month, int day_of_week);

}  // namespace edge
