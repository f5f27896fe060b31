#include "core/jobs/cron_next.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/jobs/test_zones.h"

namespace edge {
namespace {

using testing::system_zone;
using testing::utc_ms;

CronSchedule schedule_of(const char* text) {
    Result<CronSchedule> schedule = parse_cron(text);
    EXPECT_TRUE(schedule.ok()) << text << ": " << schedule.error().message;
    return schedule.ok() ? *schedule : CronSchedule{};
}

int64_t next_run(const char* text, const TimeZone& zone, int64_t after_ms) {
    std::optional<int64_t> next = next_cron_run_ms(schedule_of(text), zone, after_ms);
    EXPECT_TRUE(next.has_value()) << text;
    return next.value_or(-1);
}

// The first `count` runs after `after_ms`.
std::vector<int64_t> runs(const char* text, const TimeZone& zone, int64_t after_ms, int count) {
    std::vector<int64_t> out;
    for (int i = 0; i < count; ++i) {
        after_ms = next_run(text, zone, after_ms);
        out.push_back(after_ms);
    }
    return out;
}

const TimeZone kUtc = TimeZone::utc();

TEST(CronNextTest, NextRunIsStrictlyAfterTheGivenInstant) {
    EXPECT_EQ(next_run("*/15 * * * *", kUtc, utc_ms(2026, 12, 5, 12, 7)),
              utc_ms(2026, 12, 5, 12, 15));
    EXPECT_EQ(next_run("*/15 * * * *", kUtc, utc_ms(2026, 12, 5, 12, 15) - 1),
              utc_ms(2026, 12, 5, 12, 15));
    EXPECT_EQ(next_run("*/15 * * * *", kUtc, utc_ms(2026, 12, 5, 12, 15)),
              utc_ms(2026, 12, 5, 12, 30));
    EXPECT_EQ(next_run("* * * * *", kUtc, utc_ms(2026, 12, 5, 23, 59, 30)),
              utc_ms(2026, 12, 6, 0, 0));
}

TEST(CronNextTest, EachFieldFormSelectsItsTimes) {
    const int64_t saturday = utc_ms(2026, 12, 5, 10, 0);
    EXPECT_EQ(runs("0 3 * * *", kUtc, saturday, 2),
              (std::vector<int64_t>{utc_ms(2026, 12, 6, 3), utc_ms(2026, 12, 7, 3)}));
    EXPECT_EQ(runs("0 9,17 * * *", kUtc, saturday, 3),
              (std::vector<int64_t>{utc_ms(2026, 12, 5, 17), utc_ms(2026, 12, 6, 9),
                                    utc_ms(2026, 12, 6, 17)}));
    EXPECT_EQ(runs("1-30/10 12 * * *", kUtc, saturday, 3),
              (std::vector<int64_t>{utc_ms(2026, 12, 5, 12, 1), utc_ms(2026, 12, 5, 12, 11),
                                    utc_ms(2026, 12, 5, 12, 21)}));
    // Weekdays only: from Saturday, the next is Monday.
    EXPECT_EQ(next_run("30 8 * * MON-FRI", kUtc, saturday), utc_ms(2026, 12, 7, 8, 30));
    // 7 is Sunday.
    EXPECT_EQ(next_run("0 0 * * 7", kUtc, saturday), utc_ms(2026, 12, 6));
    // Every fourth month from January: after December comes January, then May.
    EXPECT_EQ(runs("0 0 1 */4 *", kUtc, saturday, 2),
              (std::vector<int64_t>{utc_ms(2027, 1, 1), utc_ms(2027, 5, 1)}));
    EXPECT_EQ(next_run("0 0 15 jun *", kUtc, saturday), utc_ms(2027, 6, 15));
}

TEST(CronNextTest, RestrictedDayOfMonthAndWeekdayRunOnEither) {
    // "At midnight on the 13th and on every Friday": Friday Dec 11 comes before the 13th.
    EXPECT_EQ(
        runs("0 0 13 * FRI", kUtc, utc_ms(2026, 12, 5), 3),
        (std::vector<int64_t>{utc_ms(2026, 12, 11), utc_ms(2026, 12, 13), utc_ms(2026, 12, 18)}));
    // A starred day of month leaves only the weekday.
    EXPECT_EQ(next_run("0 0 */2 * FRI", kUtc, utc_ms(2026, 12, 5)), utc_ms(2026, 12, 11));
}

TEST(CronNextTest, FebruaryTwentyNinthWaitsForALeapYear) {
    EXPECT_EQ(next_run("0 0 29 2 *", kUtc, utc_ms(2026, 12, 5)), utc_ms(2028, 2, 29));
    EXPECT_EQ(next_run("0 0 29 2 *", kUtc, utc_ms(2028, 2, 29)), utc_ms(2032, 2, 29));
    // 2100 is not a leap year: eight years from 2096 to 2104.
    EXPECT_EQ(next_run("0 0 29 2 *", kUtc, utc_ms(2096, 3, 1)), utc_ms(2104, 2, 29));
}

TEST(CronNextTest, WeeklyMonthlyAndHourlyMacros) {
    EXPECT_EQ(next_run("@weekly", kUtc, utc_ms(2026, 12, 5, 10)), utc_ms(2026, 12, 6));
    EXPECT_EQ(next_run("@monthly", kUtc, utc_ms(2026, 12, 5, 10)), utc_ms(2027, 1, 1));
    EXPECT_EQ(next_run("@hourly", kUtc, utc_ms(2026, 12, 5, 10, 1)), utc_ms(2026, 12, 5, 11));
    EXPECT_EQ(next_run("@midnight", kUtc, utc_ms(2026, 12, 5, 10)), utc_ms(2026, 12, 6));
}

TEST(CronNextTest, YearlyRunsAtNewYearInTheZone) {
    EXPECT_EQ(next_run("@yearly", kUtc, utc_ms(2026, 12, 5)), utc_ms(2027, 1, 1));
    EXPECT_EQ(next_run("@yearly", kUtc, utc_ms(2027, 1, 1)), utc_ms(2028, 1, 1));
    // Midnight in Paris on New Year's Day is 23:00 UTC the day before.
    EXPECT_EQ(next_run("@annually", system_zone("Europe/Paris"), utc_ms(2026, 12, 5)),
              utc_ms(2026, 12, 31, 23));
}

TEST(CronNextTest, WallClockTimesFollowTheZonesOffset) {
    const TimeZone paris = system_zone("Europe/Paris");
    EXPECT_EQ(next_run("0 3 * * *", paris, utc_ms(2026, 1, 10)), utc_ms(2026, 1, 10, 2));
    EXPECT_EQ(next_run("0 3 * * *", paris, utc_ms(2026, 7, 10)), utc_ms(2026, 7, 10, 1));
    // Past the file's listed transitions (2037) the zone's rule still applies.
    EXPECT_EQ(next_run("0 3 * * *", paris, utc_ms(2050, 7, 10)), utc_ms(2050, 7, 10, 1));
    const TimeZone new_york = system_zone("America/New_York");
    EXPECT_EQ(next_run("@daily", new_york, utc_ms(2026, 12, 5, 12)), utc_ms(2026, 12, 6, 5));
}

// Europe/Paris, 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
TEST(CronNextTest, ParisSpringForwardRunsASkippedTimeOnceAtTheEndOfTheGap) {
    const TimeZone paris = system_zone("Europe/Paris");
    EXPECT_EQ(runs("30 2 * * *", paris, utc_ms(2026, 3, 28, 12), 2),
              (std::vector<int64_t>{utc_ms(2026, 3, 29, 1), utc_ms(2026, 3, 30, 0, 30)}));
    // Several fixed times in one gap make one run.
    EXPECT_EQ(runs("10,40 2 * * *", paris, utc_ms(2026, 3, 28, 12), 2),
              (std::vector<int64_t>{utc_ms(2026, 3, 29, 1), utc_ms(2026, 3, 30, 0, 10)}));
    // A wildcard schedule skips the times the clock never shows and stays on its rhythm.
    EXPECT_EQ(runs("*/15 * * * *", paris, utc_ms(2026, 3, 29, 0, 40), 3),
              (std::vector<int64_t>{utc_ms(2026, 3, 29, 0, 45), utc_ms(2026, 3, 29, 1),
                                    utc_ms(2026, 3, 29, 1, 15)}));
    EXPECT_EQ(runs("20 * * * *", paris, utc_ms(2026, 3, 29, 0), 2),
              (std::vector<int64_t>{utc_ms(2026, 3, 29, 0, 20), utc_ms(2026, 3, 29, 1, 20)}));
    // Times around the gap are untouched.
    EXPECT_EQ(next_run("59 1 * * *", paris, utc_ms(2026, 3, 28, 12)), utc_ms(2026, 3, 29, 0, 59));
    EXPECT_EQ(next_run("0 3 * * *", paris, utc_ms(2026, 3, 28, 12)), utc_ms(2026, 3, 29, 1));
}

// Europe/Paris, 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00 UTC.
TEST(CronNextTest, ParisFallBackRunsAFixedTimeOnceAtItsFirstPass) {
    const TimeZone paris = system_zone("Europe/Paris");
    EXPECT_EQ(runs("30 2 * * *", paris, utc_ms(2026, 10, 24, 12), 2),
              (std::vector<int64_t>{utc_ms(2026, 10, 25, 0, 30), utc_ms(2026, 10, 26, 1, 30)}));
    // Asked from inside the second pass, the repeated time has run already.
    EXPECT_EQ(next_run("30 2 * * *", paris, utc_ms(2026, 10, 25, 1, 10)),
              utc_ms(2026, 10, 26, 1, 30));
    EXPECT_EQ(next_run("30 2 * * *", paris, utc_ms(2026, 10, 25, 0, 45)),
              utc_ms(2026, 10, 26, 1, 30));
}

TEST(CronNextTest, ParisFallBackKeepsAWildcardRhythmInRealTime) {
    const TimeZone paris = system_zone("Europe/Paris");
    // Every 30 minutes of real time through the repeated hour, both passes.
    EXPECT_EQ(runs("*/30 * * * *", paris, utc_ms(2026, 10, 24, 23, 50), 5),
              (std::vector<int64_t>{utc_ms(2026, 10, 25, 0, 0), utc_ms(2026, 10, 25, 0, 30),
                                    utc_ms(2026, 10, 25, 1, 0), utc_ms(2026, 10, 25, 1, 30),
                                    utc_ms(2026, 10, 25, 2, 0)}));
    // Hourly: 02:00 CEST, 02:00 CET, 03:00 CET.
    EXPECT_EQ(runs("@hourly", paris, utc_ms(2026, 10, 24, 23, 30), 3),
              (std::vector<int64_t>{utc_ms(2026, 10, 25, 0), utc_ms(2026, 10, 25, 1),
                                    utc_ms(2026, 10, 25, 2)}));
}

// America/New_York, 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00 UTC;
// 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00 UTC.
TEST(CronNextTest, NewYorkGapAndRepeat) {
    const TimeZone new_york = system_zone("America/New_York");
    EXPECT_EQ(runs("30 2 * * *", new_york, utc_ms(2026, 3, 7, 12), 2),
              (std::vector<int64_t>{utc_ms(2026, 3, 8, 7), utc_ms(2026, 3, 9, 6, 30)}));
    // 02:00 itself is the first time the gap skips.
    EXPECT_EQ(next_run("0 2 * * *", new_york, utc_ms(2026, 3, 7, 12)), utc_ms(2026, 3, 8, 7));
    // A wildcard schedule skips the gap: 01:45 EST, then 03:00 EDT.
    EXPECT_EQ(runs("*/15 * * * *", new_york, utc_ms(2026, 3, 8, 6, 40), 2),
              (std::vector<int64_t>{utc_ms(2026, 3, 8, 6, 45), utc_ms(2026, 3, 8, 7)}));
    EXPECT_EQ(runs("30 1 * * *", new_york, utc_ms(2026, 10, 31, 12), 2),
              (std::vector<int64_t>{utc_ms(2026, 11, 1, 5, 30), utc_ms(2026, 11, 2, 6, 30)}));
    EXPECT_EQ(runs("30 * * * *", new_york, utc_ms(2026, 11, 1, 5), 3),
              (std::vector<int64_t>{utc_ms(2026, 11, 1, 5, 30), utc_ms(2026, 11, 1, 6, 30),
                                    utc_ms(2026, 11, 1, 7, 30)}));
}

TEST(CronNextTest, AWildcardHourRunsOncePerRealHourThroughAYearOfChanges) {
    const TimeZone paris = system_zone("Europe/Paris");
    const CronSchedule hourly = schedule_of("17 * * * *");
    int64_t at = utc_ms(2026, 1, 1);
    int count = 0;
    while (true) {
        std::optional<int64_t> next = next_cron_run_ms(hourly, paris, at);
        ASSERT_TRUE(next.has_value());
        ASSERT_EQ(*next - at, count == 0 ? 17 * 60'000 : 3'600'000) << at;
        at = *next;
        if (at >= utc_ms(2027, 1, 1)) break;
        ++count;
    }
    EXPECT_EQ(count, 365 * 24);
}

TEST(CronNextTest, CivilMinuteSearchStopsAtItsBound) {
    const CronSchedule schedule = schedule_of("0 12 * * *");
    const int64_t day = days_from_civil({2026, 12, 5}) * kSecondsPerDay;
    EXPECT_EQ(next_cron_civil_minute(schedule, day, day + kSecondsPerDay), day + 12 * 3600);
    EXPECT_EQ(next_cron_civil_minute(schedule, day, day + 12 * 3600), std::nullopt);
}

}  // namespace
}  // namespace edge
