// The stored form of a memory history: round trip, size, strictness.
#include "hub/memory/memory_codec.h"

#include <gtest/gtest.h>

#include "core/byte_units.h"

namespace edge {
namespace memory_codec_test {

constexpr int64_t kHourMs = 60LL * 60 * 1000;

TEST(MemoryCodec, RoundTripsAWeekOfHourlyPeaksInAboutAKilobyte) {
    MemoryWindow window;
    MemoryHistory history;
    int64_t now = 5000 * kHourMs;
    for (int hour = 0; hour < 7 * 24; ++hour) {
        if (hour % 5 == 3) continue;  // hours with no sample stay gaps
        record_peak(history, (100 + hour) * kMiB + 123, now + hour * kHourMs, window);
    }
    record_oom(history, 96 * kMiB, now + 10 * kHourMs);
    std::string text = encode_memory_history(history, window);
    EXPECT_LT(text.size(), 1600u) << text;
    auto decoded = decode_memory_history(text);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->observed_ms, history.observed_ms);
    EXPECT_EQ(decoded->last_sample_ms, history.last_sample_ms);
    EXPECT_EQ(decoded->oom_limit, 96 * kMiB);
    ASSERT_EQ(decoded->buckets.size(), history.buckets.size());
    for (size_t i = 0; i < history.buckets.size(); ++i) {
        EXPECT_EQ(decoded->buckets[i].start_ms, history.buckets[i].start_ms);
        // Stored in KiB, rounded up: never below what was seen, at most 1 KiB above.
        EXPECT_GE(decoded->buckets[i].peak, history.buckets[i].peak);
        EXPECT_LT(decoded->buckets[i].peak - history.buckets[i].peak, kKiB);
    }
}

TEST(MemoryCodec, AHistoryKeptUnderAnotherWindowKeepsEveryPeak) {
    MemoryWindow hourly;
    MemoryHistory history;
    record_peak(history, 50 * kMiB, 100 * kHourMs, hourly);
    record_peak(history, 80 * kMiB, 101 * kHourMs, hourly);
    MemoryWindow daily;
    daily.observation_ms = 24 * 24 * kHourMs;  // buckets of a day
    auto decoded = decode_memory_history(encode_memory_history(history, daily));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    ASSERT_EQ(decoded->buckets.size(), 1u);
    EXPECT_EQ(decoded->buckets[0].peak, 80 * kMiB);
    EXPECT_LE(decoded->buckets[0].start_ms, 100 * kHourMs);
}

TEST(MemoryCodec, EmptyHistory) {
    auto decoded = decode_memory_history(encode_memory_history({}, MemoryWindow{}));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, MemoryHistory{});
}

TEST(MemoryCodec, RefusesWhatNoHubWrote) {
    const char* good =
        R"({"v":1,"bucket_ms":1000,"first_ms":0,"peaks_kib":[1],"observed_ms":0,"last_ms":0,)"
        R"("oom_limit":0,"oom_ms":0})";
    ASSERT_TRUE(decode_memory_history(good).ok());
    struct Bad {
        std::string text;
        std::string error;
    };
    for (const Bad& bad : std::vector<Bad>{
             {"[]", "memory history: not a JSON object"},
             {"{", "memory history: not a JSON object"},
             {R"({"v":2})", "memory history: version 2, this hub reads 1"},
             {R"({"v":1,"bucket_ms":0,"first_ms":0})",
              "memory history: \"bucket_ms\": expected at least 1"},
             {R"({"v":1,"bucket_ms":1000,"first_ms":-5})",
              "memory history: \"first_ms\": expected a non-negative integer"},
             {R"({"v":1,"bucket_ms":1000,"first_ms":0,"observed_ms":"x"})",
              "memory history: \"observed_ms\": expected a non-negative integer"},
             {R"({"v":1,"bucket_ms":1000,"first_ms":0,"peaks_kib":[-1],"observed_ms":0,)"
              R"("last_ms":0,"oom_limit":0,"oom_ms":0})",
              "memory history: \"peaks_kib\": expected sizes in KiB"},
             {R"({"v":1,"bucket_ms":1000,"first_ms":0,"peaks_kib":{},"observed_ms":0,)"
              R"("last_ms":0,"oom_limit":0,"oom_ms":0})",
              "memory history: \"peaks_kib\": expected an array of sizes in KiB"},
         }) {
        auto decoded = decode_memory_history(bad.text);
        ASSERT_FALSE(decoded.ok()) << bad.text;
        EXPECT_EQ(decoded.error().message, bad.error) << bad.text;
    }
}

}  // namespace memory_codec_test
}  // namespace edge
