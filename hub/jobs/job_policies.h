// The hub's compiled job policies (docs/jobs.md): a job's JobSpec, as its Compose file states
// it, turned into the JobPolicy the core decides with (core/jobs/job_policy.h). This is where
// time zone files are read: /usr/share/zoneinfo/NAME for a job's `timezone`, and the hub's own
// zone (TZ, else /etc/localtime) for jobs that name none. Zones and policies are cached, since
// the hub decides every job a few times a second.
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <map>
#include <string>

#include "core/jobs/job_policy.h"
#include "core/model.h"
#include "core/result.h"

namespace edge {

class JobPolicies {
  public:
    // `zoneinfo`: the directory of TZif files; `local_zone`: the file that is the hub's own
    // zone when TZ names none (/etc/localtime).
    explicit JobPolicies(std::string zoneinfo = "/usr/share/zoneinfo",
                         std::string local_zone = "/etc/localtime");

    // The policy of a job, or why it has none (an unknown time zone: the Compose file was
    // checked for syntax only, the zone files live here).
    Result<JobPolicy> policy(const JobSpec& spec);
    // The zone named, or the hub's own for "".
    Result<TimeZone> zone(const std::string& name);
    // Whether `error` is news for the job: the driver tells of a policy it cannot compile once,
    // not on every pass.
    bool first_report(const std::string& job, const std::string& error);

  private:
    Result<TimeZone> load_zone(const std::string& name);
    Result<TimeZone> load_local_zone();

    std::string zoneinfo_;
    std::string local_zone_;
    std::map<std::string, Result<TimeZone>> zones_;  // failures too, so a bad name is read once
    std::map<std::string, std::string> reported_;    // by job key: the error last told
};

// The policy from a spec and its zone (pure; JobPolicies supplies the zone).
Result<JobPolicy> compile_job_policy(const JobSpec& spec, const TimeZone& zone);

}  // namespace edge
