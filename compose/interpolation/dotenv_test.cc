// The .env format: comments, export, quotes, empty values, interpolation and errors.
#include "compose/interpolation/dotenv.h"

#include <gtest/gtest.h>

namespace edge::compose {
namespace {

Variables parsed(const std::string& text, const Variables& outer = {}) {
    std::vector<std::string> warnings;
    auto values = parse_dotenv(text, ".env", outer, warnings);
    EXPECT_TRUE(values.ok()) << (values ? "" : values.error().message);
    return values ? *values : Variables{};
}

std::string dotenv_error_of(const std::string& text) {
    std::vector<std::string> warnings;
    auto values = parse_dotenv(text, ".env", {}, warnings);
    return values ? "<parsed>" : values.error().message;
}

TEST(Dotenv, CommentsBlankLinesAndExport) {
    EXPECT_EQ(parsed("# Immich\n\nUPLOAD_LOCATION=./library\n  export DB_USER=postgres  \n"
                     "TZ=Europe/Paris # the node's zone\nHASH=a#b\n"),
              (Variables{{"UPLOAD_LOCATION", "./library"},
                         {"DB_USER", "postgres"},
                         {"TZ", "Europe/Paris"},
                         {"HASH", "a#b"}}));
}

TEST(Dotenv, EmptyValuesAndLaterLinesWin) {
    EXPECT_EQ(parsed("A=\nB=''\nC=\"\"\nA=again\n"),
              (Variables{{"A", "again"}, {"B", ""}, {"C", ""}}));
}

TEST(Dotenv, SingleQuotesAreLiteral) {
    EXPECT_EQ(parsed("P='pa$$word ${X} \\n # not a comment'\n"),
              (Variables{{"P", "pa$$word ${X} \\n # not a comment"}}));
}

TEST(Dotenv, DoubleQuotesEscapeAndInterpolate) {
    EXPECT_EQ(parsed("NAME=immich\nDB=\"${NAME}_db\"\nTEXT=\"a\\tb\\n\\\"c\\\"\" # note\n"),
              (Variables{{"NAME", "immich"}, {"DB", "immich_db"}, {"TEXT", "a\tb\n\"c\""}}));
}

TEST(Dotenv, QuotedValuesSpanLines) {
    EXPECT_EQ(parsed("KEY=\"line one\nline two\"\nNEXT=1\n"),
              (Variables{{"KEY", "line one\nline two"}, {"NEXT", "1"}}));
}

TEST(Dotenv, UnquotedValuesSeeEarlierNamesThenTheOuterVariables) {
    EXPECT_EQ(parsed("ROOT=/srv\nDATA=$ROOT/data\nHOMEDIR=${HOME}/x\n", {{"HOME", "/root"}}),
              (Variables{{"ROOT", "/srv"}, {"DATA", "/srv/data"}, {"HOMEDIR", "/root/x"}}));
}

TEST(Dotenv, BareNameTakesTheOuterValueOrIsLeftOut) {
    EXPECT_EQ(parsed("TOKEN\nMISSING\n", {{"TOKEN", "t0k"}}), (Variables{{"TOKEN", "t0k"}}));
}

TEST(Dotenv, UnsetReferencesWarnWithTheLine) {
    std::vector<std::string> warnings;
    auto values = parse_dotenv("A=1\nB=${NOPE}x\n", "stack.env", {}, warnings);
    ASSERT_TRUE(values.ok());
    EXPECT_EQ(values->at("B"), "x");
    EXPECT_EQ(
        warnings,
        (std::vector<std::string>{"stack.env:2: variable NOPE is not set; using an empty string"}));
}

TEST(Dotenv, Errors) {
    EXPECT_EQ(dotenv_error_of("A=1\n=value\n"),
              ".env:2: \"\" is not a variable name; expected NAME=value");
    EXPECT_EQ(dotenv_error_of("MY VAR=1\n"),
              ".env:1: \"MY VAR\" is not a variable name; expected NAME=value");
    EXPECT_EQ(dotenv_error_of("A=1\nB=\"open\nC=2\n"), ".env:2: the value's \" is not closed");
    EXPECT_EQ(dotenv_error_of("A='x' y\n"), ".env:1: unexpected \"y\" after the closing quote");
    EXPECT_EQ(dotenv_error_of("A=${B:?needed}\n"),
              ".env:1: required variable B is not set: needed");
}

}  // namespace
}  // namespace edge::compose
