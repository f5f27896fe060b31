#include "core/jobs/time_zone.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/jobs/posix_tz.h"
#include "core/jobs/test_zones.h"
#include "core/jobs/tzif.h"

namespace edge {
namespace {

using testing::system_zone;
using testing::utc_ms;
using testing::zone_file_bytes;

int64_t utc_seconds(int64_t year, int month, int day, int hour = 0, int minute = 0) {
    return utc_ms(year, month, day, hour, minute) / 1000;
}

TEST(TzifTest, ParisOffsetsChangeAtTheListedInstants) {
    TimeZone paris = system_zone("Europe/Paris");
    EXPECT_EQ(paris.name(), "Europe/Paris");
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 1, 15)), 3600);
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 7, 15)), 7200);
    // Summer time starts 2026-03-29 01:00 UTC and ends 2026-10-25 01:00 UTC.
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 3, 29, 1) - 1), 3600);
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 3, 29, 1)), 7200);
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 10, 25, 1) - 1), 7200);
    EXPECT_EQ(paris.offset_at(utc_seconds(2026, 10, 25, 1)), 3600);
    EXPECT_EQ(paris.next_transition_after(utc_seconds(2026, 1, 1)), utc_seconds(2026, 3, 29, 1));
    EXPECT_EQ(paris.next_transition_after(utc_seconds(2026, 3, 29, 1)),
              utc_seconds(2026, 10, 25, 1));
}

TEST(TzifTest, BeforeTheFirstTransitionTheFirstTypeHolds) {
    // Paris kept local mean time, 0:09:21 east of Greenwich, until 1891.
    EXPECT_EQ(system_zone("Europe/Paris").offset_at(utc_seconds(1850, 6, 1)), 561);
}

TEST(TzifTest, AfterTheListedTransitionsTheFooterRuleHolds) {
    TimeZone paris = system_zone("Europe/Paris");
    // Debian's files list transitions up to 2037; the POSIX rule carries on.
    EXPECT_EQ(paris.offset_at(utc_seconds(2050, 1, 10)), 3600);
    EXPECT_EQ(paris.offset_at(utc_seconds(2050, 7, 10)), 7200);
    // In 2050 summer time starts on March 27 (the last Sunday) at 01:00 UTC.
    EXPECT_EQ(paris.next_transition_after(utc_seconds(2050, 3, 1)), utc_seconds(2050, 3, 27, 1));
    TimeZone new_york = system_zone("America/New_York");
    EXPECT_EQ(new_york.offset_at(utc_seconds(2060, 1, 10)), -5 * 3600);
    EXPECT_EQ(new_york.offset_at(utc_seconds(2060, 7, 10)), -4 * 3600);
}

TEST(TzifTest, ARuleOnlyZoneAgreesWithTheFileOverAYear) {
    TimeZone file = system_zone("America/New_York");
    Result<TimeZone> rule = TimeZone::from_posix_rule("NY", "EST5EDT,M3.2.0,M11.1.0");
    ASSERT_TRUE(rule.ok()) << rule.error().message;
    for (int64_t t = utc_seconds(2026, 1, 1); t < utc_seconds(2027, 1, 1); t += 1800) {
        ASSERT_EQ(file.offset_at(t), rule->offset_at(t)) << t;
    }
}

TEST(TzifTest, MalformedFilesAreErrors) {
    EXPECT_EQ(parse_tzif("Nowhere", "").error().message,
              "timezone Nowhere: not a valid TZif file (no TZif header)");
    EXPECT_FALSE(parse_tzif("Nowhere", "# not a zone file at all, just some text here.....").ok());
    const std::string paris = zone_file_bytes("Europe/Paris");
    ASSERT_GT(paris.size(), 200u);
    for (size_t cut = 0; cut < paris.size(); ++cut) {
        Result<TimeZone> zone = parse_tzif("Europe/Paris", paris.substr(0, cut));
        ASSERT_FALSE(zone.ok()) << "cut at " << cut;
    }
    EXPECT_EQ(parse_tzif("Europe/Paris", paris.substr(0, paris.size() - 1)).error().message,
              "timezone Europe/Paris: not a valid TZif file (bad footer)");
    // Counts that claim more than the file holds (the sum would wrap a 32-bit size).
    std::string huge = paris;
    huge.replace(32, 4, "\xff\xff\xff\xff");  // the transition count
    EXPECT_EQ(parse_tzif("Europe/Paris", huge).error().message,
              "timezone Europe/Paris: not a valid TZif file (truncated)");
}

TEST(TzifTest, CorruptedBytesGiveAnErrorOrAZoneWithSaneOffsetsNeverACrash) {
    const std::string paris = zone_file_bytes("Europe/Paris");
    int errors = 0;
    for (size_t at = 0; at < paris.size(); ++at) {
        for (unsigned char flip : {0x01, 0x80, 0xff}) {
            std::string bytes = paris;
            bytes[at] = static_cast<char>(static_cast<unsigned char>(bytes[at]) ^ flip);
            Result<TimeZone> zone = parse_tzif("Europe/Paris", bytes);
            if (!zone.ok()) {
                ++errors;
                continue;
            }
            // Whatever it read, its offsets stay within a day and a few hours, and changes
            // come after the instant asked about.
            for (int64_t t :
                 {utc_seconds(1900, 1, 1), utc_seconds(2026, 7, 1), utc_seconds(2060, 1, 1)}) {
                EXPECT_LE(std::abs(zone->offset_at(t)), 26 * 3600) << "flip at " << at;
                std::optional<int64_t> change = zone->next_transition_after(t);
                if (change) {
                    EXPECT_GT(*change, t) << "flip at " << at;
                }
            }
        }
    }
    EXPECT_GT(errors, 0);
}

TEST(PosixTzTest, ReadsOffsetsWestPositiveAndRules) {
    Result<PosixTz> cet = parse_posix_tz("CET-1CEST,M3.5.0,M10.5.0/3");
    ASSERT_TRUE(cet.ok()) << cet.error().message;
    EXPECT_EQ(cet->std_offset, 3600);
    EXPECT_EQ(cet->dst_offset, 7200);
    EXPECT_EQ(cet->dst_end.time, 3 * 3600);

    Result<PosixTz> quoted = parse_posix_tz("<+0530>-5:30");
    ASSERT_TRUE(quoted.ok()) << quoted.error().message;
    EXPECT_EQ(quoted->std_offset, 5 * 3600 + 1800);
    EXPECT_FALSE(quoted->has_dst);
    EXPECT_EQ(quoted->offset_at(utc_seconds(2026, 7, 1)), 5 * 3600 + 1800);
    EXPECT_EQ(quoted->next_transition_after(0), std::nullopt);
}

TEST(PosixTzTest, SouthernZonesAreInDaylightTimeAcrossNewYear) {
    Result<PosixTz> sydney = parse_posix_tz("AEST-10AEDT,M10.1.0,M4.1.0/3");
    ASSERT_TRUE(sydney.ok()) << sydney.error().message;
    EXPECT_EQ(sydney->offset_at(utc_seconds(2026, 1, 15)), 11 * 3600);
    EXPECT_EQ(sydney->offset_at(utc_seconds(2026, 7, 15)), 10 * 3600);
    EXPECT_EQ(sydney->offset_at(utc_seconds(2026, 12, 15)), 11 * 3600);
    // 2026-04-05 03:00 AEDT = 2026-04-04 16:00 UTC.
    EXPECT_EQ(sydney->next_transition_after(utc_seconds(2026, 3, 1)), utc_seconds(2026, 4, 4, 16));
}

TEST(PosixTzTest, DaylightWithoutARuleUsesTheUsRule) {
    Result<PosixTz> tz = parse_posix_tz("EST5EDT");
    ASSERT_TRUE(tz.ok()) << tz.error().message;
    EXPECT_EQ(tz->dst_offset, -4 * 3600);
    // 2026-03-08 02:00 EST = 07:00 UTC.
    EXPECT_EQ(tz->next_transition_after(utc_seconds(2026, 1, 1)), utc_seconds(2026, 3, 8, 7));
}

TEST(PosixTzTest, JulianDayRules) {
    // J60 is March 1st in every year; 59 (zero-based) is March 1st only in a non-leap year.
    Result<PosixTz> j = parse_posix_tz("AAA0BBB,J60/0,J300/0");
    ASSERT_TRUE(j.ok()) << j.error().message;
    EXPECT_EQ(j->next_transition_after(utc_seconds(2028, 1, 1)), utc_seconds(2028, 3, 1));
    Result<PosixTz> n = parse_posix_tz("AAA0BBB,59/0,300/0");
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(n->next_transition_after(utc_seconds(2028, 1, 1)), utc_seconds(2028, 2, 29));
}

TEST(PosixTzTest, MalformedRulesAreErrors) {
    EXPECT_EQ(parse_posix_tz("CET").error().message,
              "timezone rule 'CET': expected an offset after the abbreviation");
    EXPECT_EQ(parse_posix_tz("C-1").error().message,
              "timezone rule 'C-1': expected a zone abbreviation at the start");
    EXPECT_EQ(parse_posix_tz("CET-1CEST,M3.5.0").error().message,
              "timezone rule 'CET-1CEST,M3.5.0': expected the end of daylight time (Mm.w.d, Jn "
              "or n)");
    EXPECT_FALSE(parse_posix_tz("CET-1CEST,M13.5.0,M10.5.0").ok());
    EXPECT_FALSE(parse_posix_tz("CET-1CEST,M3.6.0,M10.5.0").ok());
    EXPECT_FALSE(parse_posix_tz("CET-1CEST,M3.5.0,M10.5.0/3x").ok());
}

TEST(ZoneNameTest, OnlyPlainNamesUnderTheZoneDirectory) {
    EXPECT_TRUE(check_zone_name("Europe/Paris").ok());
    EXPECT_TRUE(check_zone_name("America/Argentina/Buenos_Aires").ok());
    EXPECT_TRUE(check_zone_name("Etc/GMT+5").ok());
    EXPECT_TRUE(check_zone_name("UTC").ok());
    EXPECT_EQ(check_zone_name("../etc/passwd").error().message,
              "timezone: '../etc/passwd' has a character other than letters, digits and /_-+");
    EXPECT_FALSE(check_zone_name("/etc/passwd").ok());
    EXPECT_EQ(check_zone_name("Europe//Paris").error().message,
              "timezone: 'Europe//Paris' is not a zone name such as Europe/Paris");
    EXPECT_FALSE(check_zone_name("Europe/").ok());
    EXPECT_EQ(check_zone_name("Europe/Paris x").error().message,
              "timezone: 'Europe/Paris x' has a character other than letters, digits and /_-+");
    EXPECT_FALSE(check_zone_name("").ok());
}

}  // namespace
}  // namespace edge
