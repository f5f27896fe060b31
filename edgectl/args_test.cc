#include "edgectl/args.h"

#include <gtest/gtest.h>

namespace edge::ctl {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, ReadsEachUnit) {
    EXPECT_EQ(parse_duration("250ms").value(), milliseconds(250));
    EXPECT_EQ(parse_duration("10s").value(), milliseconds(10000));
    EXPECT_EQ(parse_duration("10m").value(), milliseconds(600000));
    EXPECT_EQ(parse_duration("2h").value(), milliseconds(7200000));
    EXPECT_EQ(parse_duration("1d").value(), milliseconds(86400000));
}

TEST(ParseDuration, BareNumberMeansSeconds) {
    EXPECT_EQ(parse_duration("30").value(), milliseconds(30000));
    EXPECT_EQ(parse_duration("0").value(), milliseconds(0));
}

TEST(ParseDuration, AddsCompoundParts) {
    EXPECT_EQ(parse_duration("1m30s").value(), milliseconds(90000));
    EXPECT_EQ(parse_duration("1h1m1s1ms").value(), milliseconds(3661001));
}

TEST(ParseDuration, RejectsMalformedText) {
    for (const char* text : {"", "s", "10x", "-5s", "1.5s", "1m30", " 10s", "10 s", "ms"}) {
        auto result = parse_duration(text);
        EXPECT_FALSE(result.ok()) << "accepted \"" << text << "\"";
    }
    EXPECT_NE(parse_duration("10x").error().message.find("unknown unit \"x\""), std::string::npos);
}

TEST(ParseDuration, RejectsOverflow) {
    EXPECT_FALSE(parse_duration("99999999999999999999s").ok());
    EXPECT_FALSE(parse_duration("999999999999999d").ok());
}

TEST(FormatDuration, RoundTripsThroughParse) {
    EXPECT_EQ(format_duration(milliseconds(0)), "0s");
    EXPECT_EQ(format_duration(milliseconds(90000)), "1m30s");
    EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
    for (int64_t ms : {1LL, 999LL, 1000LL, 61001LL, 3600000LL, 90061001LL}) {
        EXPECT_EQ(parse_duration(format_duration(milliseconds(ms))).value(), milliseconds(ms));
    }
}

TEST(ParseLabelChanges, SplitsSetsAndRemovals) {
    auto changes = parse_label_changes({"disk=ssd", "zone-", "note=", "rack=a=b"});
    ASSERT_TRUE(changes.ok()) << changes.error().message;
    LabelChanges expected;
    expected.set = {{"disk", "ssd"}, {"note", ""}, {"rack", "a=b"}};
    expected.remove = {"zone"};
    EXPECT_EQ(*changes, expected);
}

TEST(ParseLabelChanges, KeyMayContainDashes) {
    auto changes = parse_label_changes({"power-source-", "cooling-fan=yes"});
    ASSERT_TRUE(changes.ok());
    EXPECT_EQ(changes->remove, std::vector<std::string>{"power-source"});
    EXPECT_EQ(changes->set.at("cooling-fan"), "yes");
}

TEST(ParseLabelChanges, RejectsMalformedArguments) {
    EXPECT_FALSE(parse_label_changes({}).ok());
    EXPECT_FALSE(parse_label_changes({"disk"}).ok());
    EXPECT_FALSE(parse_label_changes({"=ssd"}).ok());
    EXPECT_FALSE(parse_label_changes({"-"}).ok());
    EXPECT_FALSE(parse_label_changes({"bad key=1"}).ok());
    auto error = parse_label_changes({"disk"}).error().message;
    EXPECT_NE(error.find("neither key=value (set) nor key- (remove)"), std::string::npos) << error;
}

TEST(ParseLabelChanges, RejectsTheSameKeyTwice) {
    EXPECT_FALSE(parse_label_changes({"disk=ssd", "disk=sd"}).ok());
    auto error = parse_label_changes({"disk=ssd", "disk-"}).error().message;
    EXPECT_NE(error.find("\"disk\" is given more than once"), std::string::npos) << error;
}

}  // namespace
}  // namespace edge::ctl
