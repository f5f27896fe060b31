#include "hub/inbound_budget.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

using Verdict = InboundBudget::Verdict;

TEST(InboundBudgetTest, BoundsTheCount) {
    InboundBudget budget(3, 1000, 100);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(budget.admit(10), Verdict::kAccepted);
    EXPECT_EQ(budget.admit(1), Verdict::kFull);
    EXPECT_EQ(budget.messages(), 3u);
    budget.release(10);
    EXPECT_EQ(budget.admit(1), Verdict::kAccepted);
    EXPECT_EQ(budget.bytes(), 21u);
}

TEST(InboundBudgetTest, BoundsTheBytesWhateverTheCount) {
    InboundBudget budget(10000, 250, 100);
    EXPECT_EQ(budget.admit(100), Verdict::kAccepted);
    EXPECT_EQ(budget.admit(100), Verdict::kAccepted);
    EXPECT_EQ(budget.admit(100), Verdict::kFull);  // 300 > 250
    EXPECT_EQ(budget.admit(50), Verdict::kAccepted);
    EXPECT_EQ(budget.bytes(), 250u);
    EXPECT_EQ(budget.admit(1), Verdict::kFull);
    budget.release(100);
    EXPECT_EQ(budget.bytes(), 150u);
    EXPECT_EQ(budget.admit(100), Verdict::kAccepted);
}

TEST(InboundBudgetTest, RefusesAnOversizedMessageEvenWhenEmpty) {
    InboundBudget budget(10, 1 << 20, 100);
    EXPECT_EQ(budget.admit(101), Verdict::kTooLarge);
    EXPECT_EQ(budget.messages(), 0u);
    EXPECT_EQ(budget.bytes(), 0u);
    EXPECT_EQ(budget.admit(100), Verdict::kAccepted);
}

TEST(InboundBudgetTest, ReleaseNeverGoesBelowEmpty) {
    InboundBudget budget(10, 100, 100);
    budget.release(50);
    EXPECT_EQ(budget.messages(), 0u);
    EXPECT_EQ(budget.bytes(), 0u);
    EXPECT_EQ(budget.admit(100), Verdict::kAccepted);
}

}  // namespace
}  // namespace edge
