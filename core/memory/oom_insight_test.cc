#include "core/memory/oom_insight.h"
#include "core/byte_units.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

constexpr int64_t kMin = 60 * 1000;

TEST(OomSummary, CountsRecentKillsOverTheirSpan) {
    int64_t now = 100 * kMin;
    std::vector<int64_t> times = {now - 10 * kMin, now - 4 * kMin, now - 30000};
    EXPECT_EQ(oom_summary(3, times, now, 128 * kMiB, 128 * kMiB),
              "OOM-killed 3× in 10 min (limit 128 MiB, peak 128 MiB)");
}

TEST(OomSummary, RoundsShortSpansUpToOneMinute) {
    int64_t now = 100 * kMin;
    EXPECT_EQ(oom_summary(1, {now - 5000}, now, 64 * kMiB, 0),
              "OOM-killed 1× in 1 min (limit 64 MiB)");
}

TEST(OomSummary, OldKillsSayWhenTheLastWas) {
    int64_t now = 1000 * kMin;
    EXPECT_EQ(oom_summary(5, {now - 180 * kMin}, now, 64 * kMiB, 64 * kMiB),
              "OOM-killed 5×, last 3 h ago (limit 64 MiB, peak 64 MiB)");
}

TEST(OomSummary, EmptyWithoutKills) {
    EXPECT_EQ(oom_summary(0, {}, 1000, 64 * kMiB, 10 * kMiB), "");
}

TEST(OomAdvice, SuggestsHalfAgainRoundedTo32MiB) {
    EXPECT_EQ(suggest_memory_limit(128 * kMiB, 128 * kMiB), 192 * kMiB);
    EXPECT_EQ(suggest_memory_limit(100 * kMiB, 0), 160 * kMiB);
    EXPECT_EQ(suggest_memory_limit(64 * kMiB, 200 * kMiB), 320 * kMiB);
}

TEST(OomAdvice, SaysWhetherTheLargerLimitFits) {
    std::string fits = oom_advice(128 * kMiB, 128 * kMiB, 128 * kMiB, 1024 * kMiB, "pi-1");
    EXPECT_EQ(fits,
              "consider a memory limit of 192 MiB; it would still fit on pi-1 (1.0 GiB available "
              "to it)");
    std::string tight = oom_advice(128 * kMiB, 128 * kMiB, 128 * kMiB, 150 * kMiB, "pi-1");
    EXPECT_NE(tight.find("would NOT fit on pi-1"), std::string::npos);
}

}  // namespace
}  // namespace edge
