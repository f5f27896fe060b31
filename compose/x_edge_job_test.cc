// Jobs in a Compose file (docs/jobs.md): deploy.mode replicated-job and global-job, an x-edge
// schedule, the x-edge job keys, and deploy.restart_policy as a job's retries.
#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge::compose_test {
namespace {

using Words = std::vector<std::string>;

// A service named backup with a memory limit (so no warning about it) and the given lines;
// the first of them is line 5.
std::string backup_with(const std::string& lines) {
    return "services:\n  backup:\n    image: postgres:16\n    mem_limit: 64m\n" + lines;
}

TEST(XEdgeJob, ReplicatedJobRunsOneContainerARunByDefault) {
    ParsedStack parsed = parse_ok(backup_with("    deploy: {mode: replicated-job}\n"));
    const ServiceSpec& backup = parsed.stack.services.at(0);
    ASSERT_TRUE(backup.job.has_value());
    EXPECT_EQ(*backup.job, JobSpec{});  // on demand, JobSpec's defaults, no retries
    EXPECT_EQ(backup.job->max_attempts, std::optional<int>(0));
    EXPECT_EQ(backup.replicas, 1);
    EXPECT_FALSE(backup.global);
    EXPECT_EQ(backup.restart, RestartPolicy::kNo);
    EXPECT_EQ(parsed.warnings, Words{});
}

TEST(XEdgeJob, ReplicasAreTheCompletionsOfARun) {
    ServiceSpec backup =
        only_service(backup_with("    deploy:\n      mode: replicated-job\n"
                                 "      replicas: 3\n"));
    ASSERT_TRUE(backup.job.has_value());
    EXPECT_EQ(backup.replicas, 3);
    EXPECT_FALSE(backup.global);
}

TEST(XEdgeJob, GlobalJobRunsOnEveryEligibleNode) {
    ServiceSpec backup = only_service(backup_with("    deploy: {mode: global-job}\n"));
    ASSERT_TRUE(backup.job.has_value());
    EXPECT_TRUE(backup.global);
    EXPECT_EQ(backup.restart, RestartPolicy::kNo);
}

TEST(XEdgeJob, GlobalJobRefusesReplicasAndAJobRefusesZero) {
    EXPECT_EQ(error_of(backup_with("    deploy:\n      mode: global-job\n      replicas: 2\n")),
              "compose.yaml:7: services.backup.deploy.replicas: replicas cannot be combined with "
              "mode global-job, which runs one container on every eligible node");
    EXPECT_EQ(error_of(backup_with("    deploy:\n      mode: replicated-job\n      replicas: 0\n")),
              "compose.yaml:7: services.backup.deploy.replicas: a job starts at least 1 container "
              "a run; expected 1 to 1000, got 0");
    EXPECT_EQ(
        error_of(backup_with("    deploy: {replicas: 0}\n    x-edge: {schedule: '@daily'}\n")),
        "compose.yaml:5: services.backup.deploy.replicas: a job starts at least 1 container "
        "a run; expected 1 to 1000, got 0");
}

TEST(XEdgeJob, RestartPolicyGivesTheRetries) {
    auto job_of = [](const std::string& policy) {
        ServiceSpec backup =
            only_service(backup_with("    deploy:\n      mode: replicated-job\n" + policy));
        EXPECT_TRUE(backup.job.has_value());
        return backup.job.value_or(JobSpec{});
    };
    // No restart_policy, or condition none: a failed attempt is final.
    EXPECT_EQ(job_of("").max_attempts, std::optional<int>(0));
    EXPECT_EQ(job_of("      restart_policy: {condition: none, max_attempts: 3}\n").max_attempts,
              std::optional<int>(0));
    // on-failure or any without max_attempts: no limit, as Compose says; the block's default
    // condition is any.
    EXPECT_EQ(job_of("      restart_policy: {condition: on-failure}\n").max_attempts, std::nullopt);
    EXPECT_EQ(job_of("      restart_policy: {condition: any}\n").max_attempts, std::nullopt);
    JobSpec delayed = job_of("      restart_policy: {delay: 5s}\n");
    EXPECT_EQ(delayed.max_attempts, std::nullopt);
    EXPECT_EQ(delayed.retry_delay_ms, 5000);

    JobSpec stated = job_of(
        "      restart_policy:\n        condition: on-failure\n        max_attempts: 2\n"
        "        delay: 1m\n");
    EXPECT_EQ(stated.max_attempts, std::optional<int>(2));
    EXPECT_EQ(stated.retry_delay_ms, 60'000);
    EXPECT_EQ(job_of("      restart_policy: {max_attempts: 0}\n").max_attempts,
              std::optional<int>(0));
    EXPECT_EQ(job_of("").retry_delay_ms, JobSpec{}.retry_delay_ms);
}

TEST(XEdgeJob, BadRetriesGetPreciseErrors) {
    const std::string job = "    deploy:\n      mode: replicated-job\n      restart_policy:\n";
    EXPECT_EQ(error_of(backup_with(job + "        max_attempts: -1\n")),
              "compose.yaml:8: services.backup.deploy.restart_policy.max_attempts: expected an "
              "integer from 0 to 1000, got \"-1\"");
    EXPECT_EQ(error_of(backup_with(job + "        max_attempts: lots\n")),
              "compose.yaml:8: services.backup.deploy.restart_policy.max_attempts: expected an "
              "integer from 0 to 1000, got \"lots\"");
    EXPECT_EQ(error_of(backup_with(job + "        delay: 500ms\n")),
              "compose.yaml:8: services.backup.deploy.restart_policy.delay: expected a duration "
              "of at least 1s, such as 1m, got \"500ms\"");
    EXPECT_NE(error_of(backup_with(job + "        delay: soon\n"))
                  .find("compose.yaml:8: services.backup.deploy.restart_policy.delay: "),
              std::string::npos);
}

TEST(XEdgeJob, TheEngineNeverRestartsAJobContainer) {
    ServiceSpec backup =
        only_service(backup_with("    restart: always\n    deploy:\n      mode: replicated-job\n"
                                 "      restart_policy: {condition: any}\n"));
    ASSERT_TRUE(backup.job.has_value());
    EXPECT_EQ(backup.restart, RestartPolicy::kNo);
    EXPECT_EQ(backup.job->max_attempts, std::nullopt);
}

TEST(XEdgeJob, EveryXEdgeKey) {
    ServiceSpec backup = only_service(
        backup_with("    x-edge:\n      schedule: \"0 3 * * *\"\n      timezone: Europe/Paris\n"
                    "      concurrency: replace\n      starting-deadline: 10m\n"
                    "      deadline: 30m\n      history: 30\n"));
    ASSERT_TRUE(backup.job.has_value());
    JobSpec expected;
    expected.schedule = "0 3 * * *";
    expected.timezone = "Europe/Paris";
    expected.concurrency = JobConcurrency::kReplace;
    expected.starting_deadline_ms = 600'000;
    expected.deadline_ms = 1'800'000;
    expected.history = 30;
    EXPECT_EQ(*backup.job, expected);

    EXPECT_EQ(only_service(backup_with("    x-edge: {schedule: '@daily', concurrency: allow}\n"))
                  .job.value_or(JobSpec{})
                  .concurrency,
              JobConcurrency::kAllow);
    EXPECT_EQ(only_service(backup_with("    x-edge: {schedule: '@daily', concurrency: forbid}\n"))
                  .job.value_or(JobSpec{})
                  .concurrency,
              JobConcurrency::kForbid);
}

TEST(XEdgeJob, BadXEdgeKeysGetPreciseErrors) {
    auto error_for = [](const std::string& key_and_value) {
        return error_of(backup_with("    deploy: {mode: replicated-job}\n    x-edge:\n      " +
                                    key_and_value + "\n"));
    };
    const std::string at = "compose.yaml:7: services.backup.x-edge.";
    EXPECT_EQ(error_for("schedule: \"61 * * * *\""),
              at + "schedule: minute: 61 is out of range 0-59");
    EXPECT_EQ(error_for("schedule: \"* * *\""),
              at + "schedule: expected 5 fields (minute hour day-of-month month day-of-week) or "
                   "a macro such as @daily, got 3 fields");
    EXPECT_EQ(error_for("schedule: \"@sometimes\""),
              at + "schedule: '@sometimes' is not one of @yearly, @annually, @monthly, "
                   "@weekly, @daily, @midnight, @hourly");
    EXPECT_EQ(error_for("schedule: [\"@daily\"]"),
              at + "schedule: expected a cron schedule such as \"0 3 * * *\" or @daily, got a "
                   "list");
    EXPECT_EQ(error_for("timezone: ../../etc/passwd"),
              at + "timezone: '../../etc/passwd' has a character other than letters, digits and "
                   "/_-+");
    EXPECT_EQ(error_for("timezone: Europe//Paris"),
              at + "timezone: 'Europe//Paris' is not a zone name such as Europe/Paris");
    EXPECT_EQ(error_for("timezone: \"\""),
              at + "timezone: '' is empty; expected an IANA name such as Europe/Paris");
    EXPECT_EQ(error_for("concurrency: never"),
              at + "concurrency: expected forbid, allow or replace, got \"never\"");
    EXPECT_EQ(error_for("starting-deadline: 0s"),
              at + "starting-deadline: expected a duration of at least 1s, such as "
                   "1h, got \"0s\"");
    EXPECT_EQ(error_for("deadline: 500ms"),
              at + "deadline: expected a duration of at least 1s, such as 30m, got "
                   "\"500ms\"");
    EXPECT_EQ(error_for("deadline: 9000h"),
              at + "deadline: expected a duration such as 30s, 1m30s or 500ms, got \"9000h\" "
                   "(longer than a week)");
    EXPECT_NE(error_for("deadline: soon").find(at + "deadline: "), std::string::npos);
    EXPECT_EQ(error_for("history: 0"),
              at + "history: expected an integer from 1 to 1000, got \"0\"");
    EXPECT_EQ(error_for("history: 1001"),
              at + "history: expected an integer from 1 to 1000, got \"1001\"");
}

TEST(XEdgeJob, AScheduleMakesAServiceAScheduledJob) {
    ServiceSpec backup = only_service(
        backup_with("    deploy: {replicas: 2}\n    x-edge: {schedule: \"*/15 * * * *\"}\n"));
    ASSERT_TRUE(backup.job.has_value());
    EXPECT_EQ(backup.job->schedule, "*/15 * * * *");
    EXPECT_EQ(backup.replicas, 2);
    EXPECT_FALSE(backup.global);
    EXPECT_EQ(backup.restart, RestartPolicy::kNo);

    ServiceSpec alone = only_service(backup_with("    x-edge: {schedule: '@hourly'}\n"));
    ASSERT_TRUE(alone.job.has_value());
    EXPECT_EQ(alone.replicas, 1);

    // mode global with a schedule runs on every eligible node at each occurrence.
    ServiceSpec global =
        only_service(backup_with("    deploy: {mode: global}\n    x-edge: {schedule: '@daily'}\n"));
    ASSERT_TRUE(global.job.has_value());
    EXPECT_TRUE(global.global);
}

TEST(XEdgeJob, AJobKeyWithoutAJobIsAnError) {
    const std::string why =
        "only a job takes this key; set deploy.mode replicated-job or global-job, or an x-edge "
        "schedule";
    EXPECT_EQ(error_of(backup_with("    x-edge:\n      deadline: 30m\n")),
              "compose.yaml:6: services.backup.x-edge.deadline: " + why);
    EXPECT_EQ(error_of(backup_with("    deploy: {mode: replicated}\n    x-edge:\n"
                                   "      timezone: UTC\n      history: 5\n")),
              "compose.yaml:7: services.backup.x-edge.timezone: " + why + "\n" +
                  "compose.yaml:8: services.backup.x-edge.history: " + why);
}

TEST(XEdgeJob, AServiceIsNoJobAndKeepsIgnoringRetryKeys) {
    ParsedStack parsed =
        parse_ok(backup_with("    deploy:\n      restart_policy:\n        condition: on-failure\n"
                             "        max_attempts: 3\n        delay: 5s\n"));
    const ServiceSpec& backup = parsed.stack.services.at(0);
    EXPECT_FALSE(backup.job.has_value());
    EXPECT_EQ(backup.restart, RestartPolicy::kOnFailure);
    EXPECT_EQ(parsed.warnings,
              (Words{"compose.yaml:8: services.backup.deploy.restart_policy.max_attempts: not "
                     "supported, ignored",
                     "compose.yaml:9: services.backup.deploy.restart_policy.delay: not supported, "
                     "ignored"}));
}

// The worked example of docs/jobs.md, as written there.
TEST(XEdgeJob, TheNightlyBackupOfTheDocs) {
    ParsedStack parsed = parse_ok(R"(services:
  backup:
    image: postgres:16
    command: ["sh", "-c", "PGPASSWORD=$$(cat /run/secrets/db_password)
                           pg_dump -h db -U app app > /backup/app-$$(date +%F).sql"]
    secrets: [db_password]
    volumes: [backups:/backup]
    mem_limit: 256m
    deploy:
      restart_policy: {condition: on-failure, max_attempts: 2, delay: 1m}
    x-edge:
      schedule: "0 3 * * *"
      timezone: Europe/Paris
      deadline: 30m
      history: 30
volumes:
  backups:
secrets:
  db_password: {external: true}
)");
    ASSERT_EQ(parsed.stack.services.size(), 1u);
    const ServiceSpec& backup = parsed.stack.services[0];
    ASSERT_TRUE(backup.job.has_value());
    JobSpec expected;
    expected.schedule = "0 3 * * *";
    expected.timezone = "Europe/Paris";
    expected.deadline_ms = 1'800'000;
    expected.history = 30;
    expected.max_attempts = 2;
    expected.retry_delay_ms = 60'000;
    EXPECT_EQ(*backup.job, expected);
    EXPECT_EQ(backup.replicas, 1);
    EXPECT_EQ(backup.restart, RestartPolicy::kNo);
    ASSERT_TRUE(backup.command.has_value());
    EXPECT_EQ(backup.command->at(2),
              "PGPASSWORD=$(cat /run/secrets/db_password) pg_dump -h db -U app app > "
              "/backup/app-$(date +%F).sql");
    EXPECT_EQ(parsed.warnings, Words{});
}

}  // namespace
}  // namespace edge::compose_test
