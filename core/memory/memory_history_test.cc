// Windowed peaks: buckets, running time, forgetting, OOM memory; time is passed in.
#include "core/memory/memory_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/byte_units.h"

namespace edge {
namespace memory_history_test {

constexpr int64_t kHour = 60LL * 60 * 1000;
constexpr int64_t kStart = 1000 * kHour;  // a "now" far from 0, aligned to buckets

MemoryWindow day_window() {
    return MemoryWindow{};  // 24 h observation, hourly buckets, a week kept
}

TEST(MemoryHistory, KeepsTheHighestPeakOfEachBucket) {
    MemoryHistory history;
    record_peak(history, 40 * kMiB, kStart, day_window());
    record_peak(history, 70 * kMiB, kStart + 10 * 60 * 1000, day_window());
    record_peak(history, 50 * kMiB, kStart + 20 * 60 * 1000, day_window());
    record_peak(history, 30 * kMiB, kStart + kHour, day_window());
    ASSERT_EQ(history.buckets.size(), 2u);
    EXPECT_EQ(history.buckets[0], (PeakBucket{kStart, 70 * kMiB}));
    EXPECT_EQ(history.buckets[1], (PeakBucket{kStart + kHour, 30 * kMiB}));
    EXPECT_EQ(window_peak(history, kStart + kHour, day_window()), 70 * kMiB);
}

TEST(MemoryHistory, CountsRunningTimeButNotSilences) {
    MemoryWindow window = day_window();
    MemoryHistory history;
    record_peak(history, 10 * kMiB, kStart, window);
    record_peak(history, 10 * kMiB, kStart + 2000, window);
    record_peak(history, 10 * kMiB, kStart + 4000, window);
    EXPECT_EQ(history.observed_ms, 4000);
    // The hub was down for an hour: not running time.
    record_peak(history, 10 * kMiB, kStart + 4000 + kHour, window);
    EXPECT_EQ(history.observed_ms, 4000);
    // Two replicas reporting at the same moment advance it once.
    record_peak(history, 12 * kMiB, kStart + 6000 + kHour, window);
    record_peak(history, 11 * kMiB, kStart + 6000 + kHour, window);
    EXPECT_EQ(history.observed_ms, 6000);
}

TEST(MemoryHistory, ObservationCompletesAfterAWindowOfRunningTime) {
    MemoryWindow window;
    window.observation_ms = 20 * 1000;
    MemoryHistory history;
    int64_t now = kStart;
    for (int i = 0; i < 10; ++i, now += 2000) {
        record_peak(history, 20 * kMiB, now, window);
    }
    EXPECT_FALSE(observation_complete(history, window));  // 18 s of running time
    record_peak(history, 20 * kMiB, now, window);
    EXPECT_TRUE(observation_complete(history, window));
}

TEST(MemoryHistory, ForgetsPeaksOlderThanTheKeptBuckets) {
    MemoryWindow window = day_window();
    MemoryHistory history;
    record_peak(history, 900 * kMiB, kStart, window);  // a one-off peak
    int64_t now = kStart;
    for (int hour = 1; hour <= 7 * 24 + 1; ++hour) {
        now = kStart + hour * kHour;
        record_peak(history, 100 * kMiB, now, window);
    }
    EXPECT_EQ(window_peak(history, now, window), 100 * kMiB);
    EXPECT_LE(history.buckets.size(), window.kept_buckets);
    // Six days later it was still there.
    MemoryHistory recent;
    record_peak(recent, 900 * kMiB, kStart, window);
    record_peak(recent, 100 * kMiB, kStart + 6 * 24 * kHour, window);
    EXPECT_EQ(window_peak(recent, kStart + 6 * 24 * kHour, window), 900 * kMiB);
}

TEST(MemoryHistory, UnknownPeaksOnlyCountTime) {
    MemoryHistory history;
    record_peak(history, 0, kStart, day_window());
    record_peak(history, -5, kStart + 2000, day_window());
    EXPECT_TRUE(history.buckets.empty());
    EXPECT_EQ(history.observed_ms, 2000);
    EXPECT_EQ(window_peak(history, kStart + 2000, day_window()), 0);
}

TEST(MemoryHistory, AClockStepBackCountsInTheNewestBucket) {
    MemoryHistory history;
    record_peak(history, 10 * kMiB, kStart + kHour, day_window());
    record_peak(history, 80 * kMiB, kStart, day_window());  // the clock went back an hour
    ASSERT_EQ(history.buckets.size(), 1u);
    EXPECT_EQ(history.buckets[0].peak, 80 * kMiB);
    EXPECT_EQ(history.observed_ms, 0);
    EXPECT_EQ(history.last_sample_ms, kStart + kHour);
}

TEST(MemoryHistory, RemembersTheNewestOomKillForTheRetention) {
    MemoryWindow window = day_window();
    MemoryHistory history;
    record_oom(history, 64 * kMiB, kStart);
    record_oom(history, 96 * kMiB, kStart + 1000);
    record_oom(history, 32 * kMiB, kStart + 500);  // a late report of an older kill
    EXPECT_EQ(remembered_oom_limit(history, kStart + 2000, window), 96 * kMiB);
    EXPECT_EQ(remembered_oom_limit(history, kStart + 1000 + window.retention_ms(), window), 0);
    forget_old(history, kStart + 1000 + window.retention_ms(), window);
    EXPECT_EQ(history.oom_limit, 0);
}

// Property: whatever the samples, the history stays bounded and sorted, its window peak is the
// highest sample within the retention, and running time never exceeds elapsed time.
TEST(MemoryHistoryProperty, BoundedSortedAndExact) {
    std::mt19937_64 random(20261205);
    for (int round = 0; round < 200; ++round) {
        MemoryWindow window;
        window.observation_ms = std::uniform_int_distribution<int64_t>(24, 48 * kHour)(random);
        window.kept_buckets = std::uniform_int_distribution<size_t>(1, 200)(random);
        MemoryHistory history;
        std::vector<std::pair<int64_t, int64_t>> samples;
        int64_t now = kStart;
        const int64_t first = now;
        int count = std::uniform_int_distribution<int>(1, 400)(random);
        for (int i = 0; i < count; ++i) {
            now += std::uniform_int_distribution<int64_t>(0, window.bucket_ms() * 3)(random);
            int64_t peak = std::uniform_int_distribution<int64_t>(0, 8 * kGiB)(random);
            record_peak(history, peak, now, window);
            samples.emplace_back(now, peak);
        }
        ASSERT_LE(history.buckets.size(), window.kept_buckets);
        for (size_t i = 1; i < history.buckets.size(); ++i) {
            ASSERT_LT(history.buckets[i - 1].start_ms, history.buckets[i].start_ms);
        }
        ASSERT_LE(history.observed_ms, now - first);
        int64_t bucket_of_oldest = now - window.retention_ms();
        int64_t expected = 0;
        for (auto [time, peak] : samples) {
            if (time - time % window.bucket_ms() > bucket_of_oldest) {
                expected = std::max(expected, peak);
            }
        }
        ASSERT_EQ(window_peak(history, now, window), expected);
    }
}

}  // namespace memory_history_test
}  // namespace edge
