#include "hub/memory/memory_codec.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/byte_units.h"

namespace edge {

namespace {

using nlohmann::json;

constexpr int kCodecVersion = 1;
// A history never holds more than a few hundred buckets; refuse what no hub wrote.
constexpr size_t kMaxStoredBuckets = 100000;
constexpr int64_t kMaxPeakKib = kGiB;  // 1 TiB, in KiB

Result<int64_t> stored_integer(const json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end() || !found->is_number_integer() || found->get<int64_t>() < 0) {
        return make_error(std::string("memory history: \"") + key +
                          "\": expected a non-negative integer");
    }
    return found->get<int64_t>();
}

}  // namespace

std::string encode_memory_history(const MemoryHistory& history, const MemoryWindow& window) {
    // Starts are aligned to the window's bucket size. A history kept under another size (the
    // observation window was changed) is aligned down to it, its peaks merged: no peak is
    // lost, and none is remembered for longer than before.
    const int64_t bucket_ms = window.bucket_ms();
    int64_t first = history.buckets.empty() ? 0 : history.buckets.front().start_ms;
    first -= first % bucket_ms;
    json peaks = json::array();
    for (const PeakBucket& bucket : history.buckets) {
        size_t index = static_cast<size_t>((bucket.start_ms - first) / bucket_ms);
        while (peaks.size() <= index) peaks.push_back(0);
        // Rounded up, so a stored peak is never below the one observed.
        int64_t kib = (bucket.peak + kKiB - 1) / kKiB;
        peaks[index] = std::max(peaks[index].get<int64_t>(), kib);
    }
    json object = {{"v", kCodecVersion},
                   {"bucket_ms", bucket_ms},
                   {"first_ms", first},
                   {"peaks_kib", peaks},
                   {"observed_ms", history.observed_ms},
                   {"last_ms", history.last_sample_ms},
                   {"oom_limit", history.oom_limit},
                   {"oom_ms", history.oom_ms}};
    return object.dump();
}

Result<MemoryHistory> decode_memory_history(const std::string& text) {
    json object = json::parse(text, nullptr, false);
    if (!object.is_object()) return make_error("memory history: not a JSON object");
    auto version = stored_integer(object, "v");
    if (!version) return version.error();
    if (*version != kCodecVersion) {
        return make_error("memory history: version " + std::to_string(*version) +
                          ", this hub reads " + std::to_string(kCodecVersion));
    }
    MemoryHistory history;
    auto bucket_ms = stored_integer(object, "bucket_ms");
    auto first = stored_integer(object, "first_ms");
    for (const auto* read : {&bucket_ms, &first}) {
        if (!*read) return read->error();
    }
    if (*bucket_ms <= 0) return make_error("memory history: \"bucket_ms\": expected at least 1");
    for (auto [key, target] :
         {std::pair{"observed_ms", &history.observed_ms},
          std::pair{"last_ms", &history.last_sample_ms}, std::pair{"oom_limit", &history.oom_limit},
          std::pair{"oom_ms", &history.oom_ms}}) {
        auto value = stored_integer(object, key);
        if (!value) return value.error();
        *target = *value;
    }
    auto peaks = object.find("peaks_kib");
    if (peaks == object.end() || !peaks->is_array() || peaks->size() > kMaxStoredBuckets) {
        return make_error("memory history: \"peaks_kib\": expected an array of sizes in KiB");
    }
    int64_t start = *first;
    for (const json& peak : *peaks) {
        if (!peak.is_number_integer() || peak.get<int64_t>() < 0 ||
            peak.get<int64_t>() > kMaxPeakKib) {
            return make_error("memory history: \"peaks_kib\": expected sizes in KiB");
        }
        if (peak.get<int64_t>() > 0) history.buckets.push_back({start, peak.get<int64_t>() * kKiB});
        start += *bucket_ms;
    }
    return history;
}

}  // namespace edge
