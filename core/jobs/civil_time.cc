#include "core/jobs/civil_time.h"

namespace edge {

bool is_leap_year(int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int64_t year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return kDays[month - 1];
}

// Counts in 400-year eras starting on March 1st, so that the leap day is the last day of its
// year and the month lengths from March on follow the pattern (153 × m + 2) / 5.
int64_t days_from_civil(const CivilDate& date) {
    const int64_t year = date.month <= 2 ? date.year - 1 : date.year;
    const int64_t era = floor_div(year, 400);
    const int64_t year_of_era = year - era * 400;                                 // [0, 399]
    const int64_t month_from_march = (date.month + 9) % 12;                       // March = 0
    const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;  // [0, 365]
    const int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
    constexpr int64_t kDaysFromEraStartTo1970 = 719'468;  // 0000-03-01 to 1970-01-01
    return era * 146'097 + day_of_era - kDaysFromEraStartTo1970;
}

CivilDate civil_from_days(int64_t days) {
    const int64_t shifted = days + 719'468;
    const int64_t era = floor_div(shifted, 146'097);
    const int64_t day_of_era = shifted - era * 146'097;  // [0, 146096]
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
    const int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t month_from_march = (5 * day_of_year + 2) / 153;
    CivilDate date;
    date.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    date.month =
        static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    date.year = year_of_era + era * 400 + (date.month <= 2 ? 1 : 0);
    return date;
}

int weekday_from_days(int64_t days) {
    // 1970-01-01 was a Thursday (4).
    return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

}  // namespace edge
