#include "compose/fields/command_split.h"

#include <gtest/gtest.h>

namespace edge::compose {
namespace {

using Words = std::vector<std::string>;

Words split_ok(const std::string& text) {
    auto words = split_command(text);
    EXPECT_TRUE(words.ok()) << (words ? "" : words.error().message);
    return words ? *words : Words{};
}

TEST(CommandSplit, SplitsOnAnyWhitespace) {
    EXPECT_EQ(split_ok("  sleep\t 3600 \n"), (Words{"sleep", "3600"}));
    EXPECT_EQ(split_ok(""), Words{});
    EXPECT_EQ(split_ok("   "), Words{});
}

TEST(CommandSplit, SingleQuotesKeepEverything) {
    EXPECT_EQ(split_ok("sh -c 'echo \"hi\" $HOME \\n'"),
              (Words{"sh", "-c", "echo \"hi\" $HOME \\n"}));
}

TEST(CommandSplit, DoubleQuotesHonourShellEscapes) {
    EXPECT_EQ(split_ok(R"(nginx -g "daemon off;")"), (Words{"nginx", "-g", "daemon off;"}));
    EXPECT_EQ(split_ok(R"(echo "a \"b\" \\ \$x \n")"), (Words{"echo", R"(a "b" \ $x \n)"}));
}

TEST(CommandSplit, QuotesJoinAdjacentText) {
    EXPECT_EQ(split_ok(R"(--name="my app"'s' x)"), (Words{"--name=my apps", "x"}));
}

TEST(CommandSplit, EmptyQuotedWordIsKept) {
    EXPECT_EQ(split_ok("a '' \"\" b"), (Words{"a", "", "", "b"}));
}

TEST(CommandSplit, BackslashEscapesOutsideQuotes) {
    EXPECT_EQ(split_ok(R"(echo a\ b \'c)"), (Words{"echo", "a b", "'c"}));
}

TEST(CommandSplit, RefusesUnterminatedQuotes) {
    EXPECT_EQ(split_command("echo 'abc").error().message, "unterminated single quote");
    EXPECT_EQ(split_command("echo \"abc").error().message, "unterminated double quote");
    EXPECT_EQ(split_command("echo \"abc\\\"").error().message, "unterminated double quote");
    EXPECT_EQ(split_command("echo abc\\").error().message, "trailing backslash");
}

}  // namespace
}  // namespace edge::compose
