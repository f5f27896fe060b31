#include "agent/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace edge {
namespace {

// The first caller's work blocks until every other caller waits for its result, so the test
// does not depend on how the threads happen to be scheduled.
TEST(SingleFlightTest, ConcurrentCallsForOneKeyShareOneRun) {
    SingleFlight<int> flights;
    std::atomic<int> runs{0};
    constexpr int kCallers = 5;
    auto work = [&] {
        ++runs;
        // Bounded, so a broken SingleFlight fails the test instead of hanging it.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (flights.waiters("busybox:1") < kCallers - 1 &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
        }
        return 42;
    };
    std::vector<int> results(kCallers, 0);
    std::vector<std::thread> threads;
    std::atomic<bool> first_started{false};
    threads.emplace_back([&] {
        results[0] = flights.run("busybox:1", [&] {
            first_started = true;
            return work();
        });
    });
    while (!first_started.load()) std::this_thread::yield();
    for (int i = 1; i < kCallers; ++i) {
        threads.emplace_back(
            [&, i] { results[i] = flights.run("busybox:1", [&] { return work(); }); });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(runs.load(), 1);
    for (int result : results) EXPECT_EQ(result, 42);
}

TEST(SingleFlightTest, OtherKeysAndLaterCallsRunTheirOwnWork) {
    SingleFlight<std::string> flights;
    int runs = 0;
    EXPECT_EQ(flights.run("a",
                          [&] {
                              ++runs;
                              return std::string("first");
                          }),
              "first");
    // The run for "a" ended: a later call (the next pass retrying a failed pull) runs again.
    EXPECT_EQ(flights.run("a",
                          [&] {
                              ++runs;
                              return std::string("second");
                          }),
              "second");
    EXPECT_EQ(flights.run("b",
                          [&] {
                              ++runs;
                              return std::string("other");
                          }),
              "other");
    EXPECT_EQ(runs, 3);
}

}  // namespace
}  // namespace edge
