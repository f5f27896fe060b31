#include "hub/jobs/job_sync.h"

#include <set>

#include "hub/state/desired_state.h"
#include "schema/messages.h"

namespace edge {

namespace {

std::string schedule_part(const std::string& key) {
    size_t space = key.find(' ');
    return space == std::string::npos ? "" : key.substr(space + 1);
}

}  // namespace

std::string job_deploy_key(const std::string& stack, const ServiceSpec& spec) {
    // The container's hash, then the schedule: "HASH CRON|ZONE".
    std::string key = desired_container(stack, spec, 0).spec_hash + " ";
    if (spec.job && !spec.job->schedule.empty()) {
        key += spec.job->schedule + "|" + spec.job->timezone;
    }
    return key;
}

JobSync sync_jobs(ClusterState& state, int64_t now_ms) {
    JobSync sync;
    std::set<std::string> deployed;
    for (const auto& [stack_key, stack] : state.stacks) {
        for (const auto& spec : stack.spec.services) {
            if (!spec.job) continue;
            std::string key = job_key(stack_key, spec.name);
            deployed.insert(key);
            std::string deploy_key = job_deploy_key(stack_key, spec);
            auto found = state.jobs.find(key);
            if (found == state.jobs.end()) {
                JobRecord& job = state.jobs[key];
                job.stack = stack_key;
                job.service = spec.name;
                job.schedule.schedule_since_ms = now_ms;
                job.spec_hash = deploy_key;
                if (spec.job->schedule.empty()) sync.run_now.push_back(key);
                sync.changed = true;
                continue;
            }
            JobRecord& job = found->second;
            if (job.spec_hash == deploy_key) continue;
            if (schedule_part(job.spec_hash) != schedule_part(deploy_key)) {
                job.schedule.schedule_since_ms = now_ms;
            }
            if (spec.job->schedule.empty()) sync.run_now.push_back(key);
            job.spec_hash = deploy_key;
            sync.changed = true;
        }
    }
    for (auto it = state.jobs.begin(); it != state.jobs.end();) {
        if (deployed.contains(it->first)) {
            ++it;
            continue;
        }
        it = state.jobs.erase(it);
        sync.changed = true;
    }
    return sync;
}

}  // namespace edge
