#include "schema/job_json.h"

#include "core/jobs/cron_schedule.h"
#include "core/jobs/job_policy.h"
#include "core/jobs/time_zone.h"
#include "schema/json_fields.h"

namespace edge {

using nlohmann::json;

namespace {

// A cron line or a zone name is short; these bound what a message can make the hub keep.
constexpr size_t kMaxScheduleLength = 256;
constexpr size_t kMaxZoneNameLength = 128;

JobSpec job_from(JsonReader& reader) {
    JobSpec job;
    job.schedule = reader.string("schedule", kMaxScheduleLength);
    if (reader.ok() && !job.schedule.empty()) {
        if (auto schedule = parse_cron(job.schedule); !schedule) {
            reader.reject("schedule", schedule.error().message);
        }
    }
    job.timezone = reader.string("timezone", kMaxZoneNameLength);
    if (reader.ok() && !job.timezone.empty()) {
        if (Status name = check_zone_name(job.timezone); !name) {
            reader.reject("timezone", name.error().message);
        }
    }
    std::string concurrency = reader.string("concurrency", 16);
    if (reader.ok()) {
        auto parsed = parse_job_concurrency(concurrency);
        if (parsed) {
            job.concurrency = *parsed;
        } else {
            reader.fail("concurrency", "forbid, allow or replace");
        }
    }
    job.starting_deadline_ms = reader.integer("starting_deadline_ms", 1000, kMaxDurationMs);
    job.deadline_ms = reader.integer("deadline_ms", 0, kMaxDurationMs);
    job.history = static_cast<int>(reader.integer("history", 1, kMaxJobHistory));
    if (!reader.has("max_attempts")) {
        reader.fail("max_attempts", "an integer or null");
    } else if (reader.raw().at("max_attempts").is_null()) {
        job.max_attempts = std::nullopt;
    } else {
        job.max_attempts = static_cast<int>(reader.integer("max_attempts", 0, kMaxJobAttempts));
    }
    job.retry_delay_ms = reader.integer("retry_delay_ms", 1000, kMaxDurationMs);
    return job;
}

}  // namespace

json job_to_json(const JobSpec& job) {
    return {{"schedule", job.schedule},
            {"timezone", job.timezone},
            {"concurrency", std::string(job_concurrency_name(job.concurrency))},
            {"starting_deadline_ms", job.starting_deadline_ms},
            {"deadline_ms", job.deadline_ms},
            {"history", job.history},
            {"max_attempts", job.max_attempts ? json(*job.max_attempts) : json(nullptr)},
            {"retry_delay_ms", job.retry_delay_ms}};
}

Result<JobSpec> job_from_json(const json& object) {
    std::string error;
    JsonReader reader(object, "job", &error);
    JobSpec job = reader.ok() ? job_from(reader) : JobSpec{};
    return finish_decoding(error, job);
}

void put_job(json& service, const std::optional<JobSpec>& job) {
    if (job) service["job"] = job_to_json(*job);
}

void read_job(JsonReader& service, std::optional<JobSpec>& job) {
    if (!service.has("job") || !service.ok()) return;
    JsonReader reader = service.object("job");
    if (!reader.ok()) return;
    JobSpec read = job_from(reader);
    if (reader.ok()) job = read;
}

}  // namespace edge
