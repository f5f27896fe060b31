// The tables and progress lines of `edgectl job`, from fixed answers and a fixed clock, and the
// argument errors it reports before connecting.
#include "edgectl/commands/job_render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "edgectl/cli.h"
#include "edgectl/cli_test_run.h"

namespace edge::ctl {
namespace {

using nlohmann::json;

// 2026-12-05 12:00:00 UTC.
constexpr int64_t kNow = 1'796'472'000'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

// OCCURRENCE is local time; the tests read it in UTC.
class JobRender : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* zone = std::getenv("TZ");
        saved_zone_ = zone != nullptr ? std::optional<std::string>(zone) : std::nullopt;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    void TearDown() override {
        if (saved_zone_) {
            ::setenv("TZ", saved_zone_->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }

  private:
    std::optional<std::string> saved_zone_;
};

json jobs_answer() {
    return json::parse(R"({"jobs": [
      {"stack": "db", "service": "backup", "mode": "replicated-job", "schedule": "0 3 * * *",
       "timezone": "Europe/Paris", "suspended": false, "next_ms": 1796522400000,
       "last": {"id": 41, "state": "succeeded", "ended_ms": 1796436600000, "exit_code": 0,
                "reason": ""},
       "succeeded": 9, "finished": 10, "active": 0},
      {"stack": "media", "service": "scan", "mode": "global-job", "schedule": "", "timezone": "",
       "suspended": false, "next_ms": null, "last": null,
       "succeeded": 0, "finished": 0, "active": 0},
      {"stack": "db", "service": "vacuum", "mode": "replicated-job", "schedule": "@hourly",
       "timezone": "", "suspended": true, "next_ms": 1796475600000,
       "last": {"id": 7, "state": "failed", "ended_ms": 1796471700000, "exit_code": 137,
                "reason": "deadline"},
       "succeeded": 2, "finished": 3, "active": 1}
    ]})");
}

TEST_F(JobRender, JobsTable) {
    EXPECT_EQ(render_jobs(jobs_answer(), kNow),
              "JOB          SCHEDULE                   LAST                                 "
              "NEXT        SUCCESS    ACTIVE\n"
              "db/backup    0 3 * * * (Europe/Paris)   succeeded 9h ago                     "
              "in 14h      9/10 90%   0\n"
              "media/scan   on demand                  -                                    "
              "-           -          0\n"
              "db/vacuum    @hourly                    failed (exit 137, deadline) 5m ago   "
              "suspended   2/3 66%    1\n");
}

TEST_F(JobRender, NextRunAndLastRunCells) {
    json data = {{"jobs", json::array({{{"stack", "a"},
                                        {"service", "b"},
                                        {"schedule", "* * * * *"},
                                        {"next_ms", kNow - 1000},
                                        {"last", {{"state", "running"}, {"exit_code", nullptr}}},
                                        {"active", 1}}})}};
    std::string table = render_jobs(data, kNow);
    EXPECT_EQ(table,
              "JOB   SCHEDULE    LAST      NEXT   SUCCESS   ACTIVE\n"
              "a/b   * * * * *   running   due    -         1\n");
    data["jobs"][0]["next_ms"] = kNow + 45'000;
    EXPECT_NE(render_jobs(data, kNow).find(" in 45s "), std::string::npos);
    data["jobs"][0]["next_ms"] = kNow + 3 * 24 * kHour;
    EXPECT_NE(render_jobs(data, kNow).find(" in 3d "), std::string::npos);
    // A missed run has no exit code, only its reason.
    data["jobs"][0]["last"] = {{"state", "missed"},
                               {"reason", "hub was down"},
                               {"ended_ms", kNow - 2 * kHour},
                               {"exit_code", nullptr}};
    EXPECT_NE(render_jobs(data, kNow).find("missed (hub was down) 2h ago"), std::string::npos);
}

json runs_answer() {
    return json::parse(R"({"runs": [
      {"id": 43, "stack": "db", "service": "backup", "trigger": "on-demand",
       "occurrence_ms": 1796471940000, "state": "running", "attempts": 1,
       "started_ms": 1796471950000, "ended_ms": 0, "exit_code": null, "reason": "",
       "nodes": ["pi-1"]},
      {"id": 42, "stack": "db", "service": "backup", "trigger": "schedule",
       "occurrence_ms": 1796436000000, "state": "failed", "attempts": 3,
       "started_ms": 1796436001000, "ended_ms": 1796437801500, "exit_code": 1,
       "reason": "deadline", "nodes": ["pi-1", "nuc-2"]},
      {"id": 40, "stack": "db", "service": "backup", "trigger": "schedule",
       "occurrence_ms": 1796349600000, "state": "missed", "attempts": 0,
       "started_ms": 0, "ended_ms": 0, "exit_code": null, "reason": "hub was down",
       "nodes": []}
    ]})");
}

TEST_F(JobRender, RunsTable) {
    EXPECT_EQ(render_job_runs(runs_answer(), kNow),
              "RUN   TRIGGER     OCCURRENCE            STATE     ATTEMPTS   STARTED   DURATION   "
              "EXIT   NODES        REASON\n"
              "43    on-demand   2026-12-05 11:59:00   running   1          50s ago   50s        "
              "-      pi-1\n"
              "42    schedule    2026-12-05 02:00:00   failed    3          9h ago    30m        "
              "1      pi-1,nuc-2   deadline\n"
              "40    schedule    2026-12-04 02:00:00   missed    0          -         -          "
              "-      -            hub was down\n");
}

TEST_F(JobRender, AnswersOfTheWrongShapeGiveEmptyTables) {
    EXPECT_EQ(render_jobs(json::array(), kNow),
              "JOB   SCHEDULE   LAST   NEXT   SUCCESS   ACTIVE\n");
    EXPECT_EQ(render_jobs(json{{"jobs", "none"}}, kNow),
              "JOB   SCHEDULE   LAST   NEXT   SUCCESS   ACTIVE\n");
    EXPECT_EQ(render_job_runs(json(nullptr), kNow).find('\n') + 1,
              render_job_runs(json(nullptr), kNow).size());
    // Rows with fields missing or mistyped show defaults rather than failing.
    std::string table = render_job_runs(json{{"runs", json::array({json{{"id", "x"}}, 3})}}, kNow);
    EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3) << table;
}

TEST(JobRun, FindsTheRunAndTellsWhenItEnded) {
    json runs = runs_answer();
    EXPECT_EQ(field_integer(find_job_run(runs, 42), "attempts"), 3);
    EXPECT_TRUE(find_job_run(runs, 44).is_null());
    EXPECT_TRUE(find_job_run(json::object(), 42).is_null());
    EXPECT_FALSE(job_run_ended(find_job_run(runs, 43)));
    EXPECT_TRUE(job_run_ended(find_job_run(runs, 42)));
    EXPECT_TRUE(job_run_ended(find_job_run(runs, 40)));
    EXPECT_FALSE(job_run_ended(json{{"state", "retry-wait"}}));
    EXPECT_FALSE(job_run_ended(json{{"state", "planned"}}));
    EXPECT_TRUE(job_run_ended(json{{"state", "succeeded"}}));
}

TEST(JobRun, ProgressLinesChangeOnlyWithTheRun) {
    json runs = runs_answer();
    EXPECT_EQ(job_run_progress(find_job_run(runs, 43)), "run 43: running, attempt 1 on pi-1");
    EXPECT_EQ(job_run_progress(find_job_run(runs, 42)),
              "run 42: failed, attempt 3 on pi-1,nuc-2, exit 1, deadline");
    EXPECT_EQ(job_run_progress(find_job_run(runs, 40)), "run 40: missed, hub was down");
    EXPECT_EQ(job_run_progress(json{{"id", 7}, {"state", "planned"}, {"nodes", json::array()}}),
              "run 7: planned");
    // The clock does not show: a running run's line stays the same from poll to poll.
    json later = find_job_run(runs, 43);
    later["ended_ms"] = 0;
    EXPECT_EQ(job_run_progress(later), job_run_progress(find_job_run(runs, 43)));
}

TEST(JobRef, IsStackSlashService) {
    auto ref = parse_job_ref("db/backup");
    ASSERT_TRUE(ref.ok());
    EXPECT_EQ(*ref, (JobRef{"db", "backup"}));
    for (const char* bad : {"backup", "/backup", "db/", "db/backup/x", ""}) {
        auto parsed = parse_job_ref(bad);
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_EQ(parsed.error().message, std::string("expected a job as STACK/SERVICE, e.g. "
                                                      "db/backup, got \"") +
                                              bad + "\"");
    }
}

TEST(JobCli, BadArgumentsAreUsageErrorsBeforeConnecting) {
    using testing::run_edgectl;
    EXPECT_EQ(run_edgectl({"job"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "runs"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "runs", "backup"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "logs"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "logs", "twelve"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "logs", "-3"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "run", "backup"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "run", "db/backup", "--wait", "soon"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "suspend", "db"}), kExitUsage);
    EXPECT_EQ(run_edgectl({"job", "resume"}), kExitUsage);
    // Well-formed, with a --timeout that cannot work: fails (1) at connecting, after parsing.
    EXPECT_EQ(
        run_edgectl({"job", "run", "db/backup", "--detach", "--wait", "5m", "--timeout", "0s"}),
        kExitFailure);
    EXPECT_EQ(run_edgectl({"job", "ls", "-o", "json", "--timeout", "0s"}), kExitFailure);
}

}  // namespace
}  // namespace edge::ctl
