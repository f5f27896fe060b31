#include "edgectl/output.h"

#include <sstream>

#include <gtest/gtest.h>

namespace edge::ctl {
namespace {

TEST(Table, AlignsColumnsToTheWidestCell) {
    Table table({"NAME", "STATE"});
    table.add_row({"pi-1", "ready"});
    table.add_row({"nuc-basement", "down"});
    EXPECT_EQ(table.render(),
              "NAME           STATE\n"
              "pi-1           ready\n"
              "nuc-basement   down\n");
}

TEST(Table, LeavesNoTrailingBlanks) {
    Table table({"A", "B", "C"});
    table.add_row({"x", "longer", ""});
    table.add_row({"y"});  // padded with empty cells
    std::string text = table.render();
    EXPECT_EQ(text,
              "A   B        C\n"
              "x   longer\n"
              "y\n");
    EXPECT_EQ(table.rows(), 2u);
}

TEST(Table, DropsCellsBeyondTheHeader) {
    Table table({"A"});
    table.add_row({"1", "2"});
    EXPECT_EQ(table.render(), "A\n1\n");
}

TEST(Table, CountsUtf8CharactersNotBytes) {
    EXPECT_EQ(display_width("Küche"), 5u);
    Table table({"ROOM", "X"});
    table.add_row({"Küche", "1"});
    table.add_row({"Bad", "2"});
    EXPECT_EQ(table.render(),
              "ROOM    X\n"
              "Küche   1\n"
              "Bad     2\n");
}

TEST(Fields, FallBackOnMissingOrMistypedValues) {
    nlohmann::json row = {{"name", "pi-1"}, {"cpus", 4}, {"online", true}, {"memory", "lots"}};
    EXPECT_EQ(field_text(row, "name"), "pi-1");
    EXPECT_EQ(field_text(row, "cpus"), "4");
    EXPECT_EQ(field_text(row, "missing", "-"), "-");
    EXPECT_EQ(field_integer(row, "cpus"), 4);
    EXPECT_EQ(field_integer(row, "memory", -1), -1);
    EXPECT_TRUE(field_bool(row, "online"));
    EXPECT_FALSE(field_bool(row, "name"));
    EXPECT_EQ(field_text(nlohmann::json::array(), "name", "?"), "?");
}

TEST(Cells, FormatMemoryAgeAndIds) {
    EXPECT_EQ(memory_cell(64LL * 1024 * 1024), "64 MiB");
    EXPECT_EQ(memory_cell(0), "-");
    EXPECT_EQ(age_cell(0, 1000), "-");
    EXPECT_EQ(age_cell(1000, 13000), "12s ago");
    EXPECT_EQ(age_cell(0 + 1, 1 + 5 * 60 * 1000), "5m ago");
    EXPECT_EQ(age_cell(1, 1 + 3LL * 3600 * 1000), "3h ago");
    EXPECT_EQ(age_cell(1, 1 + 2LL * 86400 * 1000), "2d ago");
    EXPECT_EQ(age_cell(5000, 1000), "0s ago");  // clocks a little apart
    EXPECT_EQ(short_id("0123456789abcdef0123"), "0123456789ab");
    EXPECT_EQ(short_id("abc"), "abc");
    EXPECT_EQ(time_cell(0), "-");
    EXPECT_EQ(time_cell(1714572187000).size(), std::string("2024-05-01 14:03:07").size());
}

TEST(PrintJson, IndentsAndEndsWithNewline) {
    std::ostringstream out;
    print_json(out, nlohmann::json::array({{{"a", 1}}}));
    EXPECT_EQ(out.str(), "[\n  {\n    \"a\": 1\n  }\n]\n");
}

}  // namespace
}  // namespace edge::ctl
