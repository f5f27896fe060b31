#include "core/jobs/cron_next.h"

#include <algorithm>

#include "core/jobs/civil_time.h"

namespace edge {
namespace {

constexpr int64_t kSecondsPerMinute = 60;
constexpr int64_t kSecondsPerHour = 3'600;
// Every schedule parse_cron accepts runs at least once in 8 years (Feb 29 skips 2100).
constexpr int64_t kHorizonSeconds = 10 * 366 * kSecondsPerDay;
// Longer than any repeated stretch of wall-clock time, so that the scan starts before a
// fall-back that `after` may sit in and knows which local times already ran.
constexpr int64_t kLookbackSeconds = 2 * kSecondsPerDay;

int64_t ceil_to_minute(int64_t civil) {
    return floor_div(civil + kSecondsPerMinute - 1, kSecondsPerMinute) * kSecondsPerMinute;
}

}  // namespace

std::optional<int64_t> next_cron_civil_minute(const CronSchedule& schedule, int64_t from,
                                              int64_t until) {
    int64_t t = ceil_to_minute(from);
    while (t < until) {
        const int64_t days = floor_div(t, kSecondsPerDay);
        const CivilDate date = civil_from_days(days);
        const int64_t second_of_day = t - days * kSecondsPerDay;
        if (!schedule.months[static_cast<size_t>(date.month)]) {
            const CivilDate next_month = date.month == 12 ? CivilDate{date.year + 1, 1, 1}
                                                          : CivilDate{date.year, date.month + 1, 1};
            t = days_from_civil(next_month) * kSecondsPerDay;
            continue;
        }
        if (!cron_day_matches(schedule, date.month, date.day, weekday_from_days(days))) {
            t = (days + 1) * kSecondsPerDay;
            continue;
        }
        const int64_t hour = second_of_day / kSecondsPerHour;
        if (!schedule.hours[static_cast<size_t>(hour)]) {
            t = days * kSecondsPerDay + (hour + 1) * kSecondsPerHour;
            continue;
        }
        const int64_t minute = (second_of_day % kSecondsPerHour) / kSecondsPerMinute;
        if (!schedule.minutes[static_cast<size_t>(minute)]) {
            t += kSecondsPerMinute;
            continue;
        }
        return t;
    }
    return std::nullopt;
}

// Walks the zone's stretches of constant offset from a little before `after`. Within a stretch
// wall-clock time and real time move together, so the first matching wall-clock time in it is
// its first run; at each change of offset the wall-clock times skipped or repeated get the
// rules of the header.
std::optional<int64_t> next_cron_run_ms(const CronSchedule& schedule, const TimeZone& zone,
                                        int64_t after_ms) {
    const int64_t first_allowed = floor_div(after_ms, 1000) + 1;  // whole seconds, > after_ms
    const int64_t horizon = first_allowed + kHorizonSeconds;
    // Vixie cron's "wildcard" jobs keep their rhythm in real time through a change.
    const bool wildcard = schedule.minute_starred || schedule.hour_starred;

    int64_t stretch_start = first_allowed - kLookbackSeconds;
    int32_t offset = zone.offset_at(stretch_start);
    int64_t local_from = stretch_start + offset;  // wall-clock times before this already ran
    while (stretch_start < horizon) {
        const std::optional<int64_t> change = zone.next_transition_after(stretch_start);
        const int64_t stretch_end = change ? std::min(*change, horizon) : horizon;
        const std::optional<int64_t> local = next_cron_civil_minute(
            schedule, std::max(local_from, first_allowed + offset), stretch_end + offset);
        if (local) return (*local - offset) * 1000;
        if (!change || *change >= horizon) return std::nullopt;

        const int32_t next_offset = zone.offset_at(*change);
        if (next_offset > offset) {
            // Spring forward: wall-clock times in [change + offset, change + next_offset) never
            // happen; a fixed time among them runs once, as the gap ends.
            if (!wildcard && *change >= first_allowed &&
                next_cron_civil_minute(schedule, *change + offset, *change + next_offset)) {
                return *change * 1000;
            }
            local_from = *change + next_offset;
        } else {
            // Fall back: wall-clock times in [change + next_offset, change + offset) come again.
            local_from = wildcard ? *change + next_offset : *change + offset;
        }
        stretch_start = *change;
        offset = next_offset;
    }
    return std::nullopt;
}

}  // namespace edge
