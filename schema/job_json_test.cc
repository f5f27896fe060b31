#include "schema/job_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

using nlohmann::json;

JobSpec nightly_backup() {
    JobSpec job;
    job.schedule = "0 3 * * *";
    job.timezone = "Europe/Paris";
    job.concurrency = JobConcurrency::kReplace;
    job.starting_deadline_ms = 600'000;
    job.deadline_ms = 1'800'000;
    job.history = 30;
    job.max_attempts = 2;
    job.retry_delay_ms = 60'000;
    return job;
}

ServiceSpec backup_service(std::optional<JobSpec> job) {
    ServiceSpec s;
    s.name = "backup";
    s.image = "postgres:16";
    s.restart = RestartPolicy::kNo;
    s.job = std::move(job);
    return s;
}

// The error of decoding a nightly backup's job object after `change` was applied to it.
std::string error_after(const std::function<void(json&)>& change) {
    json object = job_to_json(nightly_backup());
    change(object);
    auto decoded = job_from_json(object);
    return decoded ? "<decoded>" : decoded.error().message;
}

TEST(JobJson, RoundTrips) {
    JobSpec job = nightly_backup();
    auto decoded = job_from_json(job_to_json(job));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, job);

    JobSpec on_demand;  // the defaults: no schedule, hub's zone, no retries
    decoded = job_from_json(job_to_json(on_demand));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, on_demand);
}

TEST(JobJson, NoRetryLimitIsNull) {
    JobSpec job = nightly_backup();
    job.max_attempts = std::nullopt;
    json object = job_to_json(job);
    EXPECT_TRUE(object.at("max_attempts").is_null());
    auto decoded = job_from_json(object);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->max_attempts, std::nullopt);
    EXPECT_EQ(job_to_json(JobSpec{}).at("max_attempts"), json(0));
}

TEST(JobJson, TheWireForm) {
    EXPECT_EQ(job_to_json(nightly_backup()),
              json::parse(R"({"schedule": "0 3 * * *", "timezone": "Europe/Paris",
                              "concurrency": "replace", "starting_deadline_ms": 600000,
                              "deadline_ms": 1800000, "history": 30, "max_attempts": 2,
                              "retry_delay_ms": 60000})"));
}

TEST(JobJson, AServiceCarriesItsJobOnlyWhenItIsOne) {
    ServiceSpec job = backup_service(nightly_backup());
    json object = service_to_json(job);
    ASSERT_TRUE(object.contains("job"));
    auto decoded = service_from_json(object);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, job);

    // A service's JSON is what it was before jobs, so stored specs and their hashes stay.
    ServiceSpec service = backup_service(std::nullopt);
    object = service_to_json(service);
    EXPECT_FALSE(object.contains("job"));
    decoded = service_from_json(object);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->job, std::nullopt);
}

TEST(JobJson, BadFieldsAreErrorsNamingThem) {
    EXPECT_EQ(error_after([](json& o) { o["schedule"] = "61 * * * *"; }),
              "field \"job.schedule\": minute: 61 is out of range 0-59");
    EXPECT_EQ(error_after([](json& o) { o["schedule"] = 3; }),
              "field \"job.schedule\": expected a string of at most 256 bytes");
    EXPECT_EQ(error_after([](json& o) { o["timezone"] = "../../etc/passwd"; }),
              "field \"job.timezone\": timezone: '../../etc/passwd' has a character other than "
              "letters, digits and /_-+");
    EXPECT_EQ(error_after([](json& o) { o["concurrency"] = "sometimes"; }),
              "field \"job.concurrency\": expected forbid, allow or replace");
    EXPECT_NE(
        error_after([](json& o) { o["starting_deadline_ms"] = 0; }).find("starting_deadline_ms"),
        std::string::npos);
    EXPECT_NE(error_after([](json& o) { o["deadline_ms"] = -1; }).find("job.deadline_ms"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o["history"] = 0; }).find("job.history"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o["history"] = 1001; }).find("job.history"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o["max_attempts"] = "three"; }).find("job.max_attempts"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o.erase("max_attempts"); }).find("job.max_attempts"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o["retry_delay_ms"] = 1.5; }).find("job.retry_delay_ms"),
              std::string::npos);
    EXPECT_NE(error_after([](json& o) { o.erase("history"); }).find("job.history"),
              std::string::npos);
}

TEST(JobJson, NotAnObjectIsAnErrorNotACrash) {
    for (const json& bad : {json(nullptr), json(3), json("job"), json::array({1, 2})}) {
        auto decoded = job_from_json(bad);
        EXPECT_FALSE(decoded.ok()) << bad.dump();
    }
    json service = service_to_json(backup_service(nightly_backup()));
    service["job"] = "nightly";
    auto decoded = service_from_json(service);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("service.job"), std::string::npos)
        << decoded.error().message;

    service["job"] = json::object();
    decoded = service_from_json(service);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("service.job.schedule"), std::string::npos)
        << decoded.error().message;
}

}  // namespace
}  // namespace edge
