// Calendar arithmetic on the proleptic Gregorian calendar, in whole days and seconds, for the
// cron schedules and time zones of jobs. A "civil" time is a wall-clock reading with no zone:
// seconds since 1970-01-01 00:00 as if that clock were UTC. Pure and thread-safe.
#pragma once

#include <cstdint>

namespace edge {

struct CivilDate {
    int64_t year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
};

inline constexpr int64_t kSecondsPerDay = 86'400;

bool is_leap_year(int64_t year);
int days_in_month(int64_t year, int month);
// Days since 1970-01-01 of a date (negative before it).
int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(int64_t days);
// 0 = Sunday ... 6 = Saturday, as cron numbers weekdays.
int weekday_from_days(int64_t days);

// floor(a / b) for b > 0: civil seconds before 1970 still fall in the right day.
inline int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

}  // namespace edge
