// Each interpolation form, with a variable set, set but empty, and unset.
#include "compose/interpolation/interpolation.h"

#include <gtest/gtest.h>

namespace edge::compose {
namespace {

const Variables kVariables{{"NAME", "photos"}, {"EMPTY", ""}, {"PORT", "8080"}};

std::string interpolated(const std::string& text) {
    auto result = interpolate(text, kVariables);
    EXPECT_TRUE(result.ok()) << text << ": " << (result ? "" : result.error().message);
    return result ? result->text : "<error>";
}

std::string interpolation_error_of(const std::string& text) {
    auto result = interpolate(text, kVariables);
    return result ? "<interpolated: " + result->text + ">" : result.error().message;
}

TEST(Interpolation, PlainAndBracedNames) {
    EXPECT_EQ(interpolated("$NAME/library"), "photos/library");
    EXPECT_EQ(interpolated("${NAME}:/data"), "photos:/data");
    EXPECT_EQ(interpolated("${PORT}:80"), "8080:80");
    EXPECT_EQ(interpolated("$NAME$PORT"), "photos8080");
    EXPECT_EQ(interpolated("no variables"), "no variables");
}

TEST(Interpolation, UnsetNamesBecomeEmptyAndAreListed) {
    auto result = interpolate("a${MISSING}b$OTHER-c", kVariables);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->text, "ab-c");
    EXPECT_EQ(result->unset, (std::vector<std::string>{"MISSING", "OTHER"}));
    // A set but empty variable is not unset.
    auto empty = interpolate("${EMPTY}", kVariables);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->text, "");
    EXPECT_TRUE(empty->unset.empty());
}

TEST(Interpolation, DefaultWithColonCoversUnsetAndEmpty) {
    EXPECT_EQ(interpolated("${NAME:-x}"), "photos");
    EXPECT_EQ(interpolated("${EMPTY:-x}"), "x");
    EXPECT_EQ(interpolated("${MISSING:-x}"), "x");
    EXPECT_EQ(interpolated("${MISSING:-}"), "");
    EXPECT_EQ(interpolated("${MISSING:-./library}:/data"), "./library:/data");
}

TEST(Interpolation, DefaultWithoutColonCoversOnlyUnset) {
    EXPECT_EQ(interpolated("${NAME-x}"), "photos");
    EXPECT_EQ(interpolated("${EMPTY-x}"), "");
    EXPECT_EQ(interpolated("${MISSING-x}"), "x");
}

TEST(Interpolation, DefaultsAreInterpolatedAndOnlyWhenUsed) {
    EXPECT_EQ(interpolated("${MISSING:-${NAME}/x}"), "photos/x");
    EXPECT_EQ(interpolated("${MISSING:-${ALSO_MISSING:-deep}}"), "deep");
    auto unused = interpolate("${NAME:-${NOT_NEEDED}}", kVariables);
    ASSERT_TRUE(unused.ok());
    EXPECT_TRUE(unused->unset.empty());
}

TEST(Interpolation, AlternativeForms) {
    EXPECT_EQ(interpolated("${NAME:+on}"), "on");
    EXPECT_EQ(interpolated("${EMPTY:+on}"), "");
    EXPECT_EQ(interpolated("${MISSING:+on}"), "");
    EXPECT_EQ(interpolated("${NAME+on}"), "on");
    EXPECT_EQ(interpolated("${EMPTY+on}"), "on");
    EXPECT_EQ(interpolated("${MISSING+on}"), "");
}

TEST(Interpolation, RequiredForms) {
    EXPECT_EQ(interpolated("${NAME:?needed}"), "photos");
    EXPECT_EQ(interpolated("${NAME?needed}"), "photos");
    EXPECT_EQ(interpolated("${EMPTY?needed}"), "");
    EXPECT_EQ(interpolation_error_of("${MISSING:?set it in .env}"),
              "required variable MISSING is not set: set it in .env");
    EXPECT_EQ(interpolation_error_of("${EMPTY:?must not be empty}"),
              "required variable EMPTY is empty: must not be empty");
    EXPECT_EQ(interpolation_error_of("${MISSING?}"), "required variable MISSING is not set");
    EXPECT_EQ(interpolation_error_of("${MISSING?where is ${NAME}}"),
              "required variable MISSING is not set: where is photos");
}

TEST(Interpolation, DollarEscapeAndLoneDollars) {
    EXPECT_EQ(interpolated("$$HOME"), "$HOME");
    EXPECT_EQ(interpolated("$${NAME}"), "${NAME}");
    EXPECT_EQ(interpolated("a$$$NAME"), "a$photos");
    // Not a variable: kept as written, as Compose keeps it.
    EXPECT_EQ(interpolated("cost: 5$"), "cost: 5$");
    EXPECT_EQ(interpolated("echo $1 $-"), "echo $1 $-");
    EXPECT_EQ(interpolated("${MISSING:-a$$b}"), "a$b");
}

TEST(Interpolation, SyntaxErrors) {
    EXPECT_EQ(interpolation_error_of("${NAME"),
              "\"${\" is not closed in \"${NAME\"; write $$ for a literal $");
    const std::string forms =
        "; expected ${NAME}, ${NAME:-default}, ${NAME:?message} or ${NAME:+alternative}, or $$ "
        "for a literal $";
    EXPECT_EQ(interpolation_error_of("${}"), "invalid interpolation \"${}\"" + forms);
    EXPECT_EQ(interpolation_error_of("${1X}"), "invalid interpolation \"${1X}\"" + forms);
    EXPECT_EQ(interpolation_error_of("${NAME:}"), "invalid interpolation \"${NAME:}\"" + forms);
    EXPECT_EQ(interpolation_error_of("${NAME/a/b}"),
              "invalid interpolation \"${NAME/a/b}\"" + forms);
    EXPECT_EQ(interpolation_error_of("${MISSING:-${}}"), "invalid interpolation \"${}\"" + forms);
}

// Nested defaults are bounded, so a hostile value cannot exhaust the stack.
TEST(Interpolation, NestingIsBounded) {
    auto nested = [](int levels) {
        std::string text;
        for (int i = 0; i < levels; ++i) text += "${MISSING:-";
        text += "end";
        for (int i = 0; i < levels; ++i) text += "}";
        return text;
    };
    EXPECT_EQ(interpolated(nested(15)), "end");
    EXPECT_EQ(interpolation_error_of(nested(16)), "interpolation nested deeper than 16 levels");
    EXPECT_EQ(interpolation_error_of(nested(5000)), "interpolation nested deeper than 16 levels");
}

}  // namespace
}  // namespace edge::compose
