// The POSIX TZ rule that closes every TZif file (RFC 8536 §3.3), e.g. "CET-1CEST,M3.5.0,M10.5.0/3":
// it says the zone's offsets for instants after the file's last listed transition, so that a
// schedule keeps working past 2037 and with "slim" zone files. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace edge {

struct PosixTz {
    // When in a year a change happens: Jn (day 1-365, Feb 29 never counted), n (day 0-365,
    // Feb 29 counted) or Mm.w.d (weekday d of week w of month m; week 5 = the last).
    struct DateRule {
        enum class Kind {
            kJulianNoLeap,
            kJulianZeroBased,
            kMonthWeekDay
        } kind = Kind::kMonthWeekDay;
        int day = 0;  // Jn/n: the day; Mm.w.d: the weekday (0 = Sunday)
        int month = 1;
        int week = 1;
        int32_t time = 7'200;  // local time of day of the change, seconds (may be < 0 or > 24 h)
    };

    int32_t std_offset = 0;  // seconds east of UTC (POSIX writes them west: "CET-1" is +3600)
    int32_t dst_offset = 0;
    bool has_dst = false;
    DateRule dst_start;  // in local standard time
    DateRule dst_end;    // in local daylight time

    int32_t offset_at(int64_t utc_seconds) const;
    // The first change of offset strictly after the instant (none for a zone with no DST).
    std::optional<int64_t> next_transition_after(int64_t utc_seconds) const;

  private:
    // The instants daylight time starts and ends in a year.
    int64_t dst_start_in(int64_t year) const;
    int64_t dst_end_in(int64_t year) const;
};

Result<PosixTz> parse_posix_tz(std::string_view text);

}  // namespace edge
