// Reads a TZif file (RFC 8536, the format of /usr/share/zoneinfo) from its bytes into a
// TimeZone: the version 2+ 64-bit transitions when present (else version 1's), and the POSIX
// rule of the footer for the instants after them. Leap-second records are skipped: zoneinfo's
// default ("right/" aside) has none. Pure; errors say what is malformed.
#pragma once

#include <string>
#include <string_view>

#include "core/jobs/time_zone.h"
#include "core/result.h"

namespace edge {

Result<TimeZone> parse_tzif(std::string name, std::string_view bytes);

}  // namespace edge
