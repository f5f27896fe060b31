// The job driver on a real SQLite file, driven through HubCore with a test clock: runs that
// succeed, fail and retry, hit their deadline, run on every node, and a hub that stops between
// storing a run and starting it.
#include <gtest/gtest.h>

#include "hub/hub_core_fixture.h"
#include "schema/job_messages.h"

namespace edge::testing {
namespace {

// One retry, a second after the failed attempt.
JobSpec retried_once() {
    JobSpec policy;
    policy.max_attempts = 1;
    policy.retry_delay_ms = 1000;
    return policy;
}

ServiceSpec job_service(const std::string& name, JobSpec job = {}) {
    ServiceSpec spec = service(name, "edge-test/busybox", 1);
    spec.restart = RestartPolicy::kNo;
    spec.job = job;
    return spec;
}

class JobDriverTest : public HubCoreTest {
  protected:
    void deploy_job(ServiceSpec spec) {
        StackSpec stack{"backup", {std::move(spec)}};
        Outcome deployed = deploy(stack);
        ASSERT_TRUE(deployed.response && deployed.response->ok) << deployed.response->error;
    }

    // Deployed, its run stored by one pass and started by the next.
    void deploy_and_start(ServiceSpec spec) {
        deploy_job(std::move(spec));
        tick(0);
        tick(0);
    }

    std::vector<DesiredContainer> job_containers(const std::string& node = "nuc-1") {
        std::vector<DesiredContainer> found;
        for (const auto& c : core_->desired_set(node).containers) {
            if (c.job_run != 0) found.push_back(c);
        }
        return found;
    }

    // The node reports its job containers in `state` with `exit_code`.
    void report_jobs(const std::string& node, const std::string& state, int exit_code = 0) {
        std::vector<ObservedContainer> seen;
        for (const auto& c : job_containers(node)) {
            ObservedContainer observed = running(c, state);
            observed.exit_code = exit_code;
            seen.push_back(observed);
        }
        report(node, core_->state().nodes.at(node).generation, seen);
    }

    json runs() { return ok(ops::kJobRuns, {{"stack", "backup"}, {"service", "dump"}})["runs"]; }
};

TEST_F(JobDriverTest, AOneOffJobRunsOnceWhenDeployedAndSucceeds) {
    status("nuc-1", true);
    deploy_job(job_service("dump"));
    tick(0);  // the deploy's run is stored, planned
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_EQ(runs()[0]["state"], "planned");
    EXPECT_TRUE(job_containers().empty());

    tick(0);  // and started, from the stored record
    EXPECT_EQ(runs()[0]["state"], "running");
    auto containers = job_containers();
    ASSERT_EQ(containers.size(), 1u);
    EXPECT_EQ(containers[0].restart, RestartPolicy::kNo);
    EXPECT_EQ(containers[0].job_run, runs()[0]["id"].get<int64_t>());
    EXPECT_EQ(containers[0].job_attempt, 1);

    report_jobs("nuc-1", "running");
    tick(1000);
    EXPECT_EQ(runs()[0]["state"], "running");
    report_jobs("nuc-1", "exited", 0);
    tick(0);
    EXPECT_EQ(runs()[0]["state"], "succeeded");
    EXPECT_EQ(runs()[0]["exit_code"], 0);
    EXPECT_TRUE(job_containers().empty());  // the agent removes the exited container
    tick(60'000);
    EXPECT_EQ(runs().size(), 1u);  // never again until asked or changed
    ASSERT_FALSE(stored_events("job").empty());
    EXPECT_NE(stored_events("job").back().message.find("succeeded"), std::string::npos);
}

TEST_F(JobDriverTest, AFailedAttemptIsRetriedWithAFreshContainerThenTheRunFails) {
    status("nuc-1", true);
    deploy_and_start(job_service("dump", retried_once()));
    std::string first_hash = job_containers().at(0).spec_hash;
    report_jobs("nuc-1", "exited", 2);
    tick(0);
    EXPECT_EQ(runs()[0]["state"], "retry-wait");
    EXPECT_EQ(runs()[0]["reason"], "exit code 2");
    EXPECT_TRUE(job_containers().empty());
    tick(500);
    EXPECT_EQ(runs()[0]["state"], "retry-wait");
    tick(600);
    EXPECT_EQ(runs()[0]["state"], "running");
    ASSERT_EQ(job_containers().size(), 1u);
    EXPECT_EQ(job_containers()[0].job_attempt, 2);
    EXPECT_NE(job_containers()[0].spec_hash, first_hash);
    report_jobs("nuc-1", "exited", 3);
    tick(0);
    EXPECT_EQ(runs()[0]["state"], "failed");
    EXPECT_EQ(runs()[0]["attempts"], 2);
    EXPECT_EQ(runs()[0]["exit_code"], 3);
    ASSERT_FALSE(stored_events("job-failed").empty());
    EXPECT_NE(stored_events("job-failed").back().message.find("failed: exit code 3"),
              std::string::npos);
}

TEST_F(JobDriverTest, ARunPastItsDeadlineIsStoppedAndFailed) {
    status("nuc-1", true);
    JobSpec policy;
    policy.deadline_ms = 5000;
    deploy_job(job_service("dump", policy));
    tick(0);
    tick(0);
    report_jobs("nuc-1", "running");
    tick(4000);
    EXPECT_EQ(runs()[0]["state"], "running");
    tick(1500);
    EXPECT_EQ(runs()[0]["state"], "failed");
    EXPECT_EQ(runs()[0]["reason"], "deadline");
    EXPECT_TRUE(job_containers().empty());
}

TEST_F(JobDriverTest, AnOccurrenceStoredBeforeAHubStopIsStartedOnceAfterIt) {
    status("nuc-1", true);
    JobSpec policy;
    policy.schedule = "* * * * *";
    policy.timezone = "Etc/UTC";
    deploy_job(job_service("dump", policy));
    tick(0);
    EXPECT_TRUE(runs().empty());          // a schedule runs at its times, not at the deploy
    now_ = (now_ / 60'000 + 1) * 60'000;  // the next minute
    core_->tick(now_++);                  // stored as planned, not yet started
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_EQ(runs()[0]["state"], "planned");
    int64_t occurrence = runs()[0]["occurrence_ms"];

    open();  // the hub stops here (its state is only what the store kept) and starts again
    status("nuc-1", true);
    tick(0);
    // Until the node reports again it is unreachable to the new hub: the run waits for it.
    EXPECT_EQ(runs()[0]["state"], "planned");
    EXPECT_NE(runs()[0]["reason"].get<std::string>().find("waiting for a node"), std::string::npos);
    heartbeat("nuc-1");
    tick(0);
    tick(0);
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_EQ(runs()[0]["state"], "running");
    EXPECT_EQ(runs()[0]["attempts"], 1);
    EXPECT_EQ(runs()[0]["occurrence_ms"], occurrence);
    EXPECT_EQ(job_containers().size(), 1u);

    // The same holds for what the store has: one run for the occurrence.
    ClusterState stored = reloaded();
    ASSERT_EQ(stored.jobs.size(), 1u);
    EXPECT_EQ(stored.jobs.begin()->second.runs.size(), 1u);
}

TEST_F(JobDriverTest, AGlobalJobRunsOnceOnEveryNodeAndSucceedsWhenAllDo) {
    status("nuc-1", true);
    status("nuc-2", true);
    ServiceSpec spec = job_service("dump");
    spec.global = true;
    deploy_job(spec);
    tick(0);
    tick(0);
    ASSERT_EQ(job_containers("nuc-1").size(), 1u);
    ASSERT_EQ(job_containers("nuc-2").size(), 1u);
    EXPECT_EQ(runs()[0]["nodes"].size(), 2u);
    report_jobs("nuc-1", "exited", 0);
    tick(0);
    EXPECT_EQ(runs()[0]["state"], "running");  // nuc-2's container still runs
    EXPECT_TRUE(job_containers("nuc-1").empty());
    report_jobs("nuc-2", "exited", 0);
    tick(0);
    EXPECT_EQ(runs()[0]["state"], "succeeded");
}

TEST_F(JobDriverTest, OutputIsKeptFromTheNodeThatRanTheAttemptOnly) {
    status("nuc-1", true);
    status("nuc-2", true);
    deploy_job(job_service("dump"));
    tick(0);
    tick(0);
    std::string node = runs()[0]["nodes"][0];
    std::string other = node == "nuc-1" ? "nuc-2" : "nuc-1";
    DesiredContainer c = job_containers(node).at(0);
    JobOutput output{"backup", "dump", c.replica, c.job_run, 1, 0, false, "dumped 42 rows\n"};

    core_->handle_message(topics_.job_output(other), encode_job_output(output), false, now_++);
    EXPECT_FALSE(stored_events("rejected").empty());
    core_->handle_message(topics_.job_output(node), "{not json", false, now_++);
    core_->handle_message(topics_.job_output(node), encode_job_output(output), false, now_++);
    json logs = ok(ops::kJobLogs, {{"run", c.job_run}});
    EXPECT_EQ(logs["output"], "dumped 42 rows\n");
    EXPECT_EQ(logs["run"]["id"], c.job_run);
    // As the HTTP API names them (hub/http/api_routes.cc).
    EXPECT_EQ(ok(ops::kJobLogs, {{"run", std::to_string(c.job_run)}})["output"],
              "dumped 42 rows\n");
    EXPECT_EQ(ok(ops::kJobRuns, {{"service", "backup/dump"}})["runs"].size(), 1u);
    EXPECT_NE(error(ops::kJobLogs, {{"run", "12x"}}).find("run"), std::string::npos);
    EXPECT_NE(error(ops::kJobLogs, {{"run", 99}}).find("no run 99"), std::string::npos);
}

TEST_F(JobDriverTest, ARunOnANodeThatGoesDownFailsWithThatReasonAndIsRetriedElsewhere) {
    status("nuc-1", true);
    status("nuc-2", true);
    deploy_and_start(job_service("dump", retried_once()));
    std::string node = runs()[0]["nodes"][0];
    std::string other = node == "nuc-1" ? "nuc-2" : "nuc-1";
    // The node falls silent (a power cut sends no will message) past the grace period, while
    // the other keeps reporting.
    for (int second = 0; second < 120; ++second) {
        heartbeat(other);
        tick(1000);
    }
    ASSERT_EQ(core_->state().nodes.at(node).state, NodeState::kDown);
    json run = runs()[0];
    EXPECT_NE(run["state"], "succeeded");
    EXPECT_GE(run["attempts"].get<int>(), 2) << run.dump();
    EXPECT_EQ(run["nodes"][0], other) << run.dump();
    EXPECT_EQ(run["state"], "running") << run.dump();
    bool told = false;
    for (const auto& event : stored_events("job")) {
        told = told || event.message.find("node " + node + " went down") != std::string::npos;
    }
    EXPECT_TRUE(told);
}

TEST_F(JobDriverTest, RunNowSuspendAndResume) {
    status("nuc-1", true);
    JobSpec policy;
    policy.schedule = "0 3 * * *";
    policy.timezone = "Europe/Paris";
    deploy_job(job_service("dump", policy));
    tick(0);
    json jobs = ok(ops::kJobList)["jobs"];
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0]["schedule"], "0 3 * * *");
    EXPECT_EQ(jobs[0]["timezone"], "Europe/Paris");
    EXPECT_TRUE(jobs[0]["next_ms"].is_number());

    json asked = ok(ops::kJobRun, {{"stack", "backup"}, {"service", "dump"}});
    tick(0);
    EXPECT_EQ(runs()[0]["id"], asked["run"]);
    EXPECT_EQ(runs()[0]["trigger"], "on-demand");
    EXPECT_EQ(runs()[0]["state"], "running");
    // concurrency forbid: a second run waits for none, it is refused.
    EXPECT_NE(error(ops::kJobRun, {{"stack", "backup"}, {"service", "dump"}}).find("forbid"),
              std::string::npos);

    ok(ops::kJobSuspend, {{"stack", "backup"}, {"service", "dump"}});
    jobs = ok(ops::kJobList)["jobs"];
    EXPECT_TRUE(jobs[0]["suspended"].get<bool>());
    EXPECT_TRUE(jobs[0]["next_ms"].is_null());
    ok(ops::kJobResume, {{"stack", "backup"}, {"service", "dump"}});
    EXPECT_TRUE(ok(ops::kJobList)["jobs"][0]["next_ms"].is_number());
    EXPECT_NE(error(ops::kJobRuns, {{"stack", "backup"}, {"service", "nope"}}).find("no job"),
              std::string::npos);
}

TEST_F(JobDriverTest, ADeployNamingAnUnknownTimeZoneIsRefused) {
    JobSpec policy;
    policy.schedule = "0 3 * * *";
    policy.timezone = "Mars/Olympus_Mons";
    Outcome refused = deploy(StackSpec{"backup", {job_service("dump", policy)}});
    ASSERT_TRUE(refused.response.has_value());
    EXPECT_FALSE(refused.response->ok);
    EXPECT_NE(refused.response->error.find("service dump: unknown time zone \"Mars/Olympus_Mons\""),
              std::string::npos)
        << refused.response->error;
    EXPECT_TRUE(core_->state().stacks.empty());
}

TEST_F(JobDriverTest, ARemovedJobTakesItsRunsAndContainers) {
    status("nuc-1", true);
    deploy_job(job_service("dump"));
    tick(0);
    tick(0);
    ASSERT_EQ(job_containers().size(), 1u);
    deploy(StackSpec{"backup", {service("web", "edge-test/busybox", 1)}});
    tick(0);
    EXPECT_TRUE(job_containers().empty());
    EXPECT_TRUE(core_->state().jobs.empty());
    EXPECT_TRUE(reloaded().jobs.empty());
}

}  // namespace
}  // namespace edge::testing
