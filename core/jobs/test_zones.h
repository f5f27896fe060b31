// Test helpers: real zones from Debian's tzdata (/usr/share/zoneinfo, scripts/install-deps.sh
// installs it) and instants written as UTC calendar times.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/jobs/civil_time.h"
#include "core/jobs/tzif.h"

namespace edge::testing {

inline std::string zone_file_bytes(const std::string& name) {
    std::ifstream file("/usr/share/zoneinfo/" + name, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

inline TimeZone system_zone(const std::string& name) {
    Result<TimeZone> zone = parse_tzif(name, zone_file_bytes(name));
    EXPECT_TRUE(zone.ok()) << name << ": " << zone.error().message;
    return zone.ok() ? *zone : TimeZone::utc();
}

// Epoch milliseconds of a UTC calendar time.
inline int64_t utc_ms(int64_t year, int month, int day, int hour = 0, int minute = 0,
                      int second = 0) {
    return (days_from_civil({year, month, day}) * kSecondsPerDay + hour * 3600 + minute * 60 +
            second) *
           1000;
}

}  // namespace edge::testing
