#include "hub/jobs/job_policies.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/jobs/cron_schedule.h"
#include "core/jobs/tzif.h"

namespace edge {

namespace {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// "Europe/Paris" for a /etc/localtime that links to /usr/share/zoneinfo/Europe/Paris; the
// zone's name only shows in `edgectl job ls`, so "localtime" does when it is a plain file.
std::string local_zone_name(const std::string& path) {
    std::error_code error;
    std::filesystem::path target = std::filesystem::read_symlink(path, error);
    if (error) return "localtime";
    std::string text = target.string();
    const std::string marker = "zoneinfo/";
    size_t at = text.rfind(marker);
    return at == std::string::npos ? "localtime" : text.substr(at + marker.size());
}

}  // namespace

JobPolicies::JobPolicies(std::string zoneinfo, std::string local_zone)
    : zoneinfo_(std::move(zoneinfo)), local_zone_(std::move(local_zone)) {}

Result<TimeZone> JobPolicies::zone(const std::string& name) {
    auto cached = zones_.find(name);
    if (cached != zones_.end()) return cached->second;
    Result<TimeZone> loaded = name.empty() ? load_local_zone() : load_zone(name);
    zones_.emplace(name, loaded);
    return loaded;
}

Result<TimeZone> JobPolicies::load_zone(const std::string& name) {
    if (Status valid = check_zone_name(name); !valid) return valid.error();
    auto bytes = read_file(zoneinfo_ + "/" + name);
    if (!bytes) {
        return make_error("unknown time zone \"" + name + "\" (no file in " + zoneinfo_ +
                          "; is tzdata installed?)");
    }
    return parse_tzif(name, *bytes);
}

Result<TimeZone> JobPolicies::load_local_zone() {
    // TZ as the C library reads it: a zone name, optionally after ':'. A POSIX rule in TZ
    // ("CET-1CEST,...") is taken as such.
    if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
        std::string text = tz[0] == ':' ? tz + 1 : tz;
        if (check_zone_name(text)) {
            if (auto named = load_zone(text)) return named;
        }
        if (auto rule = TimeZone::from_posix_rule(text, text)) return rule;
    }
    auto bytes = read_file(local_zone_);
    if (!bytes) return TimeZone::utc();  // no local zone configured: the C library says UTC too
    return parse_tzif(local_zone_name(local_zone_), *bytes);
}

bool JobPolicies::first_report(const std::string& job, const std::string& error) {
    std::string& last = reported_[job];
    if (last == error) return false;
    last = error;
    return true;
}

Result<JobPolicy> JobPolicies::policy(const JobSpec& spec) {
    auto job_zone = zone(spec.timezone);
    if (!job_zone) return job_zone.error();
    return compile_job_policy(spec, *job_zone);
}

Result<JobPolicy> compile_job_policy(const JobSpec& spec, const TimeZone& zone) {
    JobPolicy policy;
    if (!spec.schedule.empty()) {
        auto schedule = parse_cron(spec.schedule);
        if (!schedule) return make_error("schedule: " + schedule.error().message);
        policy.schedule = *schedule;
    }
    policy.zone = zone;
    policy.concurrency = spec.concurrency;
    policy.starting_deadline_ms = spec.starting_deadline_ms;
    policy.deadline_ms = spec.deadline_ms;
    policy.retry.max_attempts = spec.max_attempts;
    policy.retry.delay_ms = spec.retry_delay_ms;
    policy.history = spec.history;
    return policy;
}

}  // namespace edge
