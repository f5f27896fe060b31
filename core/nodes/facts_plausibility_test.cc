#include "core/nodes/facts_plausibility.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

NodeFacts pi(int64_t memory, int cpus) {
    return {memory, "arm64", cpus, StorageKind::kSd, "Raspberry Pi 5"};
}

TEST(FactsPlausibility, EverydayNodesArePlausible) {
    EXPECT_EQ(implausible_facts(pi(8 * kGiB, 4)), "");
    EXPECT_EQ(implausible_facts(pi(kMaxPlausibleMemory, kMaxPlausibleCpus)), "");
}

TEST(FactsPlausibility, TooMuchMemoryIsNamed) {
    EXPECT_EQ(implausible_facts(pi(64 * 1024 * kGiB, 4)),
              "it claims 64.0 TiB of memory, more than the 4.0 TiB any node could have");
}

TEST(FactsPlausibility, TooManyCpusAreNamed) {
    EXPECT_EQ(implausible_facts(pi(8 * kGiB, 4096)),
              "it claims 4096 CPUs, more than the 1024 any node could have");
}

}  // namespace
}  // namespace edge
