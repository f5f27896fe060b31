#include "core/jobs/job_policy.h"

#include <string>

namespace edge {

Result<JobConcurrency> parse_job_concurrency(std::string_view text) {
    if (text == "forbid") return JobConcurrency::kForbid;
    if (text == "allow") return JobConcurrency::kAllow;
    if (text == "replace") return JobConcurrency::kReplace;
    return make_error("concurrency: '" + std::string(text) +
                      "' is not one of forbid, allow, replace");
}

std::string_view job_concurrency_name(JobConcurrency concurrency) {
    switch (concurrency) {
        case JobConcurrency::kForbid:
            return "forbid";
        case JobConcurrency::kAllow:
            return "allow";
        case JobConcurrency::kReplace:
            return "replace";
    }
    return "forbid";
}

}  // namespace edge
