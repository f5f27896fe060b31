#include "core/memory/memsize.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

struct SizeCase {
    const char* text;
    int64_t bytes;
};

TEST(ParseMemorySize, AcceptsComposeAndBinaryUnits) {
    const SizeCase cases[] = {
        {"0", 0},
        {"1024", 1024},
        {"12b", 12},
        {"512k", 512 * 1024},
        {"512m", 512LL * 1024 * 1024},
        {"50M", 50LL * 1024 * 1024},
        {"1g", 1024LL * 1024 * 1024},
        {"1.5GiB", 1536LL * 1024 * 1024},
        {"2GiB", 2048LL * 1024 * 1024},
        {"64mb", 64LL * 1024 * 1024},
        {" 8 MiB ", 8LL * 1024 * 1024},
        {"1t", 1024LL * 1024 * 1024 * 1024},
    };
    for (const auto& c : cases) {
        auto parsed = parse_memory_size(c.text);
        ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().message;
        EXPECT_EQ(*parsed, c.bytes) << c.text;
    }
}

TEST(ParseMemorySize, RejectsWithPreciseMessage) {
    auto unit = parse_memory_size("12x");
    ASSERT_FALSE(unit.ok());
    EXPECT_EQ(unit.error().message,
              "\"12x\" has unknown unit \"x\"; expected a size such as 512m, 1g, 1.5GiB or a "
              "number of bytes");
    auto empty = parse_memory_size("");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message,
              "\"\" is not a size such as 512m, 1g, 1.5GiB or a number of bytes");
    EXPECT_FALSE(parse_memory_size("-5m").ok());
    EXPECT_FALSE(parse_memory_size("abc").ok());
    EXPECT_FALSE(parse_memory_size("1.2.3m").ok());
    EXPECT_FALSE(parse_memory_size("99999999999t").ok());
}

TEST(FormatMemorySize, UsesBinaryUnits) {
    EXPECT_EQ(format_memory_size(12), "12 B");
    EXPECT_EQ(format_memory_size(300LL * 1024 * 1024), "300 MiB");
    EXPECT_EQ(format_memory_size(1024LL * 1024 * 1024), "1.0 GiB");
    EXPECT_EQ(format_memory_size(1536LL * 1024 * 1024), "1.5 GiB");
    EXPECT_EQ(format_memory_size(1536LL * 1024), "1.5 MiB");
}

}  // namespace
}  // namespace edge
