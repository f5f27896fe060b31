#include "agent/job_outputs.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

DesiredContainer job_container(int replica, int64_t run, const std::string& hash) {
    DesiredContainer c;
    c.stack = "backup";
    c.service = "dump";
    c.replica = replica;
    c.job_run = run;
    c.job_attempt = 1;
    c.spec_hash = hash;
    return c;
}

ObservedContainer seen(const std::string& id, int replica, const std::string& hash,
                       const std::string& state) {
    ObservedContainer c;
    c.id = id;
    c.stack = "backup";
    c.service = "dump";
    c.replica = replica;
    c.spec_hash = hash;
    c.state = state;
    return c;
}

TEST(JobOutputTrackerTest, HandsOutExitedJobContainersUntilSent) {
    DesiredSet desired;
    desired.containers = {job_container(0, 7, "aaa"), job_container(1, 7, "bbb")};
    DesiredContainer service = job_container(2, 0, "ccc");  // a service's replica, not a job's
    desired.containers.push_back(service);
    std::vector<ObservedContainer> observed = {seen("c0", 0, "aaa", "exited"),
                                               seen("c1", 1, "bbb", "running"),
                                               seen("c2", 2, "ccc", "exited")};
    JobOutputTracker tracker;
    auto exited = tracker.unsent(desired, observed);
    ASSERT_EQ(exited.size(), 1u);
    EXPECT_EQ(exited[0].observed->id, "c0");
    EXPECT_EQ(exited[0].desired->job_run, 7);

    // Not sent (the broker was away): handed out again.
    EXPECT_EQ(tracker.unsent(desired, observed).size(), 1u);
    tracker.mark_sent("c0");
    EXPECT_TRUE(tracker.unsent(desired, observed).empty());

    observed[1].state = "exited";
    exited = tracker.unsent(desired, observed);
    ASSERT_EQ(exited.size(), 1u);
    EXPECT_EQ(exited[0].observed->id, "c1");
}

TEST(JobOutputTrackerTest, IgnoresAnOldAttemptsContainer) {
    DesiredSet desired;
    desired.containers = {job_container(0, 8, "new")};
    JobOutputTracker tracker;
    EXPECT_TRUE(tracker.unsent(desired, {seen("old", 0, "old-hash", "exited")}).empty());
}

TEST(JobOutputTrackerTest, ForgetsContainersThatAreGone) {
    DesiredSet desired;
    desired.containers = {job_container(0, 9, "aaa")};
    JobOutputTracker tracker;
    tracker.mark_sent("c0");
    EXPECT_TRUE(tracker.unsent(desired, {seen("c0", 0, "aaa", "exited")}).empty());
    tracker.unsent(desired, {});  // c0 removed
    // A container with a reused id (it cannot happen with the engine's ids, but the set must
    // not grow without bound) is handed out again.
    EXPECT_EQ(tracker.unsent(desired, {seen("c0", 0, "aaa", "exited")}).size(), 1u);
}

}  // namespace
}  // namespace edge
