// When a cron schedule next runs in a time zone: epoch milliseconds in, epoch milliseconds out.
// The schedule's fields are read as wall-clock times in the zone. Daylight-saving changes follow
// Vixie cron (Debian's cron):
// - A schedule with a fixed minute and hour (`30 2 * * *`): a wall-clock time skipped by a
//   spring-forward gap (02:30 on the last Sunday of March in Europe/Paris) runs once, at the
//   first instant after the gap (03:00 CEST); all such times of one gap make that one run. A
//   wall-clock time repeated by a fall-back (02:30 on the last Sunday of October) runs once,
//   at its first pass.
// - A "wildcard" schedule, whose minute or hour field starts with `*` (`*/15 * * * *`,
//   `0 * * * *`), keeps its rhythm in real time: the times of a gap are skipped (the clock
//   never shows them, and the next run comes on time), and a repeated hour runs in both passes.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "core/jobs/cron_schedule.h"
#include "core/jobs/time_zone.h"

namespace edge {

// The first instant strictly after `after_ms` at which the schedule runs, or none when it does
// not run in the next ten years (parse_cron rejects schedules that can never run).
std::optional<int64_t> next_cron_run_ms(const CronSchedule& schedule, const TimeZone& zone,
                                        int64_t after_ms);

// The first minute-aligned wall-clock time (civil seconds, civil_time.h) in [from, until) that
// the schedule names, or none.
std::optional<int64_t> next_cron_civil_minute(const CronSchedule& schedule, int64_t from,
                                              int64_t until);

}  // namespace edge
