// The stored form of a service's memory history (core/memory/memory_history.h), compact enough to
// write every minute for every service: buckets as a dense array of peaks in KiB from the first
// kept bucket, 0 for a bucket with no sample, so a week of hourly buckets is about a kilobyte.
//   {"v":1,"bucket_ms":3600000,"first_ms":...,"peaks_kib":[20480,0,...],
//    "observed_ms":...,"last_ms":...,"oom_limit":...,"oom_ms":...}
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "core/memory/memory_history.h"
#include "core/result.h"

namespace edge {

std::string encode_memory_history(const MemoryHistory& history, const MemoryWindow& window);

// Strict: wrong types, negative sizes, unordered or absurd input are refused with the field.
Result<MemoryHistory> decode_memory_history(const std::string& text);

}  // namespace edge
