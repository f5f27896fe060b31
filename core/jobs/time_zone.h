// A named IANA time zone (Europe/Paris) as data: its UTC offsets over time, from a TZif file's
// bytes (tzif.h) or a POSIX rule. The core reads no file: the caller loads
// /usr/share/zoneinfo/NAME (Debian's tzdata) and passes the bytes in, which keeps the
// scheduler pure and its tests free to build any zone. Thread-safety: immutable after creation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/jobs/posix_tz.h"
#include "core/result.h"

namespace edge {

class TimeZone {
  public:
    static TimeZone utc();
    // A zone given only by a POSIX rule, e.g. "EST5EDT,M3.2.0,M11.1.0".
    static Result<TimeZone> from_posix_rule(std::string name, std::string_view rule);
    // A zone with listed transitions (UTC seconds, ascending) and the offsets they start,
    // then `rule` (if any) from the last transition on.
    TimeZone(std::string name, int32_t initial_offset, std::vector<int64_t> transitions,
             std::vector<int32_t> offsets, std::optional<PosixTz> rule);

    const std::string& name() const { return name_; }
    // Seconds east of UTC in force at the instant.
    int32_t offset_at(int64_t utc_seconds) const;
    // The first instant strictly after `utc_seconds` at which the offset may change.
    std::optional<int64_t> next_transition_after(int64_t utc_seconds) const;

  private:
    std::string name_;
    int32_t initial_offset_ = 0;
    std::vector<int64_t> transitions_;
    std::vector<int32_t> offsets_;
    std::optional<PosixTz> rule_;
};

// Whether `name` can name a zone file under the zoneinfo directory: letters, digits and
// `/_-+` in non-empty parts, none of them `.` or `..`, so a name from a compose file can never
// reach outside that directory.
Status check_zone_name(std::string_view name);

}  // namespace edge
