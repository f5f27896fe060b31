#include "core/jobs/cron_schedule.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace edge {
namespace {

CronSchedule cron_of(const char* text) {
    Result<CronSchedule> schedule = parse_cron(text);
    EXPECT_TRUE(schedule.ok()) << text << ": " << schedule.error().message;
    return schedule.ok() ? *schedule : CronSchedule{};
}

std::string error_of(const char* text) {
    Result<CronSchedule> schedule = parse_cron(text);
    EXPECT_FALSE(schedule.ok()) << text << " parsed";
    return schedule.ok() ? "" : schedule.error().message;
}

template <size_t N>
std::vector<int> set_bits(const std::bitset<N>& bits) {
    std::vector<int> values;
    for (size_t i = 0; i < N; ++i) {
        if (bits[i]) values.push_back(static_cast<int>(i));
    }
    return values;
}

TEST(CronScheduleTest, StarCoversTheWholeRangeOfEachField) {
    CronSchedule every = cron_of("* * * * *");
    EXPECT_EQ(every.minutes.count(), 60u);
    EXPECT_EQ(every.hours.count(), 24u);
    EXPECT_EQ(set_bits(every.days_of_month).front(), 1);
    EXPECT_EQ(every.days_of_month.count(), 31u);
    EXPECT_EQ(every.months.count(), 12u);
    EXPECT_EQ(every.days_of_week.count(), 7u);
    EXPECT_TRUE(every.minute_starred && every.hour_starred && every.day_of_month_starred &&
                every.day_of_week_starred);
}

TEST(CronScheduleTest, SingleValuesListsRangesAndSteps) {
    CronSchedule schedule = cron_of("5 1,13,22 1-5 */4 MON");
    EXPECT_EQ(set_bits(schedule.minutes), (std::vector<int>{5}));
    EXPECT_EQ(set_bits(schedule.hours), (std::vector<int>{1, 13, 22}));
    EXPECT_EQ(set_bits(schedule.days_of_month), (std::vector<int>{1, 2, 3, 4, 5}));
    EXPECT_EQ(set_bits(schedule.months), (std::vector<int>{1, 5, 9}));
    EXPECT_FALSE(schedule.minute_starred);
    EXPECT_FALSE(schedule.day_of_week_starred);
    EXPECT_EQ(set_bits(schedule.days_of_week), (std::vector<int>{1}));

    EXPECT_EQ(set_bits(cron_of("*/15 * * * *").minutes), (std::vector<int>{0, 15, 30, 45}));
    EXPECT_EQ(set_bits(cron_of("1-30/5 * * * *").minutes),
              (std::vector<int>{1, 6, 11, 16, 21, 26}));
    EXPECT_EQ(set_bits(cron_of("0 0 * * 1-5/2").days_of_week), (std::vector<int>{1, 3, 5}));
    // N/step runs from N to the end of the field.
    EXPECT_EQ(set_bits(cron_of("50/3 * * * *").minutes), (std::vector<int>{50, 53, 56, 59}));
    // Lists mix every form.
    EXPECT_EQ(set_bits(cron_of("0,10-12,*/20 * * * *").minutes),
              (std::vector<int>{0, 10, 11, 12, 20, 40}));
}

TEST(CronScheduleTest, StepStarsAreStarredForVixieRules) {
    CronSchedule schedule = cron_of("*/5 */2 */3 * 1");
    EXPECT_TRUE(schedule.minute_starred);
    EXPECT_TRUE(schedule.hour_starred);
    EXPECT_TRUE(schedule.day_of_month_starred);
    EXPECT_FALSE(schedule.day_of_week_starred);
}

TEST(CronScheduleTest, MonthAndWeekdayNamesInAnyCase) {
    EXPECT_EQ(set_bits(cron_of("0 0 1 JAN,jun,Dec *").months), (std::vector<int>{1, 6, 12}));
    EXPECT_EQ(set_bits(cron_of("0 0 1 mar-May *").months), (std::vector<int>{3, 4, 5}));
    EXPECT_EQ(set_bits(cron_of("0 0 * * MON-fri").days_of_week), (std::vector<int>{1, 2, 3, 4, 5}));
    EXPECT_EQ(set_bits(cron_of("0 0 * * sun,SAT").days_of_week), (std::vector<int>{0, 6}));
}

TEST(CronScheduleTest, SevenIsSundayToo) {
    EXPECT_EQ(set_bits(cron_of("0 0 * * 7").days_of_week), (std::vector<int>{0}));
    EXPECT_EQ(set_bits(cron_of("0 0 * * 5-7").days_of_week), (std::vector<int>{0, 5, 6}));
}

TEST(CronScheduleTest, MacrosExpandToTheirFiveFields) {
    struct Case {
        const char* macro;
        const char* fields;
    };
    for (const Case& c :
         {Case{"@yearly", "0 0 1 1 *"}, Case{"@annually", "0 0 1 1 *"},
          Case{"@monthly", "0 0 1 * *"}, Case{"@weekly", "0 0 * * 0"}, Case{"@daily", "0 0 * * *"},
          Case{"@midnight", "0 0 * * *"}, Case{"@hourly", "0 * * * *"}}) {
        CronSchedule macro = cron_of(c.macro);
        CronSchedule fields = cron_of(c.fields);
        EXPECT_EQ(macro.minutes, fields.minutes) << c.macro;
        EXPECT_EQ(macro.hours, fields.hours) << c.macro;
        EXPECT_EQ(macro.days_of_month, fields.days_of_month) << c.macro;
        EXPECT_EQ(macro.months, fields.months) << c.macro;
        EXPECT_EQ(macro.days_of_week, fields.days_of_week) << c.macro;
        EXPECT_EQ(macro.hour_starred, fields.hour_starred) << c.macro;
    }
}

TEST(CronScheduleTest, BlanksAroundAndBetweenFieldsAreIgnored) {
    EXPECT_EQ(set_bits(cron_of("  0\t3  *   * *  ").hours), (std::vector<int>{3}));
    EXPECT_EQ(set_bits(cron_of(" @daily ").hours), (std::vector<int>{0}));
    EXPECT_EQ(set_bits(cron_of("0 3 * * *\r\n").hours), (std::vector<int>{3}));
}

TEST(CronScheduleTest, DayFieldsMatchTogetherWhenEitherIsStarredElseEither) {
    // Both restricted: the 1st or any Monday (Vixie cron).
    CronSchedule either = cron_of("0 0 1 * MON");
    EXPECT_TRUE(cron_day_matches(either, 6, 1, 3));   // the 1st, a Wednesday
    EXPECT_TRUE(cron_day_matches(either, 6, 8, 1));   // a Monday, not the 1st
    EXPECT_FALSE(cron_day_matches(either, 6, 9, 2));  // neither
    // Day-of-week starred: only the day of month counts.
    CronSchedule dom = cron_of("0 0 1 * *");
    EXPECT_TRUE(cron_day_matches(dom, 6, 1, 3));
    EXPECT_FALSE(cron_day_matches(dom, 6, 8, 1));
    // A stepped star is a star: both must match.
    CronSchedule stepped = cron_of("0 0 */2 * MON");
    EXPECT_TRUE(cron_day_matches(stepped, 6, 1, 1));
    EXPECT_FALSE(cron_day_matches(stepped, 6, 2, 1));
    EXPECT_FALSE(cron_day_matches(stepped, 6, 3, 2));
    // The month always has to match.
    EXPECT_FALSE(cron_day_matches(cron_of("0 0 1 JUL MON"), 6, 1, 1));
}

TEST(CronScheduleTest, OutOfRangeValuesNameTheFieldAndRange) {
    EXPECT_EQ(error_of("61 * * * *"), "minute: 61 is out of range 0-59");
    EXPECT_EQ(error_of("0 24 * * *"), "hour: 24 is out of range 0-23");
    EXPECT_EQ(error_of("0 0 0 * *"), "day-of-month: 0 is out of range 1-31");
    EXPECT_EQ(error_of("0 0 32 * *"), "day-of-month: 32 is out of range 1-31");
    EXPECT_EQ(error_of("0 0 * 13 *"), "month: 13 is out of range 1-12");
    EXPECT_EQ(error_of("0 0 * * 8"), "day-of-week: 8 is out of range 0-7");
    EXPECT_EQ(error_of("0 0 * * 1-9"), "day-of-week: 9 is out of range 0-7");
}

TEST(CronScheduleTest, MalformedFieldsSayWhatWasExpected) {
    EXPECT_EQ(error_of("x * * * *"), "minute: 'x' is not a number 0-59");
    EXPECT_EQ(error_of("0 0 * FOO *"), "month: 'FOO' is not a number 1-12 or a name JAN-DEC");
    EXPECT_EQ(error_of("0 0 * * MONDAY"),
              "day-of-week: 'MONDAY' is not a number 0-7 or a name SUN-SAT");
    EXPECT_EQ(error_of("5x * * * *"), "minute: '5x' is not a number");
    EXPECT_EQ(error_of("*/0 * * * *"), "minute: step '0' is not a whole number >= 1");
    EXPECT_EQ(error_of("*/ * * * *"), "minute: step '' is not a whole number >= 1");
    EXPECT_EQ(error_of("0 20-4 * * *"), "hour: range 20-4 goes backwards (20 > 4)");
    EXPECT_EQ(error_of("1,,2 * * * *"), "minute: empty list item");
    EXPECT_EQ(error_of("0 -3 * * *"), "hour: expected a value, got nothing");
    EXPECT_EQ(error_of("0 0 * JAN- *"), "month: expected a value, got nothing");
    EXPECT_EQ(error_of("99999999999 * * * *"), "minute: 99999999999 is out of range 0-59");
}

TEST(CronScheduleTest, WrongFieldCountsAndUnknownMacros) {
    EXPECT_EQ(error_of("0 3 * *"),
              "schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a "
              "macro such as @daily, got 4 fields");
    EXPECT_EQ(error_of(""),
              "schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a "
              "macro such as @daily, got 0 fields");
    EXPECT_EQ(error_of("0 3 * * * 2027"),
              "schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a "
              "macro such as @daily, got 6 fields");
    EXPECT_EQ(error_of("@reboot"),
              "schedule: '@reboot' is not one of @yearly, @annually, @monthly, @weekly, @daily, "
              "@midnight, @hourly");
}

TEST(CronScheduleTest, DaysThatNeverOccurAreRejected) {
    EXPECT_EQ(error_of("0 0 30 2 *"),
              "day-of-month: 30 never occurs in month 2, so the schedule would never run");
    EXPECT_EQ(error_of("0 0 31 APR,JUN *"),
              "day-of-month: 31 never occurs in month APR,JUN, so the schedule would never run");
    // Feb 29 occurs in leap years; with a weekday as well, either day is enough.
    EXPECT_TRUE(parse_cron("0 0 29 2 *").ok());
    EXPECT_TRUE(parse_cron("0 0 30 2 MON").ok());
}

}  // namespace
}  // namespace edge
