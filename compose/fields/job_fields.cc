#include "compose/fields/job_fields.h"

#include "core/jobs/cron_schedule.h"
#include "core/jobs/job_policy.h"
#include "core/jobs/time_zone.h"

namespace edge::compose {

namespace {

// The core's messages start with the key's name ("timezone: 'x' is empty..."), which the
// compose error already names in its path.
std::string without_key_prefix(const std::string& message, const std::string& key) {
    const std::string prefix = key + ": ";
    return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

// A duration of at least one second: shorter ones are mistakes (a deadline of 30 ms) or, for
// a retry delay, a tight loop of failing attempts. (Compose durations are at most a week.)
Result<int64_t> parse_seconds(const Value& value, const std::string& example) {
    auto ms = value.duration("a duration such as " + example);
    if (!ms) return ms.error();
    if (*ms < 1000) return value.expected("a duration of at least 1s, such as " + example);
    return *ms;
}

Status read_key(const Entry& entry, JobSpec& job) {
    const Value& value = entry.value;
    if (entry.key == "schedule") {
        const char* const expected = "a cron schedule such as \"0 3 * * *\" or @daily";
        auto text = value.text(expected);
        if (!text) return text.error();
        auto schedule = parse_cron(*text);
        if (!schedule) return value.fail(without_key_prefix(schedule.error().message, "schedule"));
        job.schedule = *text;
    } else if (entry.key == "timezone") {
        // Only the name is checked here; the hub loads the zone (compose/ reads no files).
        auto text = value.text("an IANA time zone such as Europe/Paris");
        if (!text) return text.error();
        if (Status name = check_zone_name(*text); !name) {
            return value.fail(without_key_prefix(name.error().message, "timezone"));
        }
        job.timezone = *text;
    } else if (entry.key == "concurrency") {
        auto text = value.text("forbid, allow or replace");
        if (!text) return text.error();
        auto concurrency = parse_job_concurrency(*text);
        if (!concurrency) return value.expected("forbid, allow or replace");
        job.concurrency = *concurrency;
    } else if (entry.key == "starting-deadline") {
        auto ms = parse_seconds(value, "1h");
        if (!ms) return ms.error();
        job.starting_deadline_ms = *ms;
    } else if (entry.key == "deadline") {
        auto ms = parse_seconds(value, "30m");
        if (!ms) return ms.error();
        job.deadline_ms = *ms;
    } else if (entry.key == "history") {
        auto runs = value.integer(1, kMaxJobHistory);
        if (!runs) return runs.error();
        job.history = static_cast<int>(*runs);
    }
    return ok_status();
}

// deploy.restart_policy as retries: none without the block or with condition none (Compose's
// default condition is any); otherwise max_attempts, or no limit when it is not given.
Status read_retries(const DeploySettings& deploy, JobSpec& job) {
    if (!deploy.has_restart_policy || deploy.restart == RestartPolicy::kNo) {
        job.max_attempts = 0;
    } else if (deploy.max_attempts_at) {
        auto attempts = deploy.max_attempts_at->integer(0, kMaxJobAttempts);
        if (!attempts) return attempts.error();
        job.max_attempts = static_cast<int>(*attempts);
    } else {
        job.max_attempts = std::nullopt;
    }
    if (deploy.delay_at) {
        auto ms = parse_seconds(*deploy.delay_at, "1m");
        if (!ms) return ms.error();
        job.retry_delay_ms = *ms;
    }
    return ok_status();
}

}  // namespace

bool is_job_x_edge_key(const std::string& key) {
    return key == "schedule" || key == "timezone" || key == "concurrency" ||
           key == "starting-deadline" || key == "deadline" || key == "history";
}

Status parse_job_x_edge_key(const Entry& entry, JobDeclarations& declared) {
    Status status = read_key(entry, declared.job);
    if (!status) return status;
    if (entry.key == "schedule") {
        declared.scheduled = true;
    } else {
        declared.keys_at.push_back(entry.value);
    }
    return ok_status();
}

void finish_job(const JobDeclarations& declared, const DeploySettings& deploy, ServiceSpec& spec,
                ParseContext& context) {
    if (!deploy.job && !declared.scheduled) {
        for (const Value& key : declared.keys_at) {
            context.add_error(
                key.fail("only a job takes this key; set deploy.mode replicated-job or "
                         "global-job, or an x-edge schedule"));
        }
        // Before jobs, these were ignored for every service; they still are for services.
        if (deploy.max_attempts_at) deploy.max_attempts_at->warn_unsupported();
        if (deploy.delay_at) deploy.delay_at->warn_unsupported();
        return;
    }
    JobSpec job = declared.job;
    if (Status retries = read_retries(deploy, job); !retries) {
        context.add_error(retries.error());
    }
    if (deploy.replicas_at && deploy.replicas == 0) {
        context.add_error(deploy.replicas_at->fail(
            "a job starts at least 1 container a run; expected 1 to 1000, got 0"));
    }
    spec.job = job;
    spec.restart = RestartPolicy::kNo;
}

}  // namespace edge::compose
