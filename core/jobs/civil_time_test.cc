#include "core/jobs/civil_time.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(CivilTimeTest, DaysRoundTripAcrossEraAndLeapBoundaries) {
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2000, 3, 1}), 11'017);
    EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
    for (int64_t days = -800'000; days <= 800'000; days += 997) {
        const CivilDate date = civil_from_days(days);
        EXPECT_EQ(days_from_civil(date), days) << date.year << "-" << date.month << "-" << date.day;
    }
    const CivilDate leap_day = civil_from_days(days_from_civil({2024, 2, 29}));
    EXPECT_EQ(leap_day.year, 2024);
    EXPECT_EQ(leap_day.month, 2);
    EXPECT_EQ(leap_day.day, 29);
}

TEST(CivilTimeTest, LeapYearsFollowTheGregorianRule) {
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_FALSE(is_leap_year(2026));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_EQ(days_in_month(2028, 2), 29);
    EXPECT_EQ(days_in_month(2027, 2), 28);
    EXPECT_EQ(days_in_month(2027, 4), 30);
}

TEST(CivilTimeTest, WeekdaysCountFromSunday) {
    EXPECT_EQ(weekday_from_days(0), 4);                                // 1970-01-01, Thursday
    EXPECT_EQ(weekday_from_days(days_from_civil({2026, 12, 5})), 6);   // a Saturday
    EXPECT_EQ(weekday_from_days(days_from_civil({1969, 12, 28})), 0);  // a Sunday before 1970
}

}  // namespace
}  // namespace edge
