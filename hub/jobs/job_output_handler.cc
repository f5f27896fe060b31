#include "hub/jobs/job_output_handler.h"

#include <algorithm>

#include "schema/job_messages.h"

namespace edge {

Status store_job_output(Store& store, const ClusterState& state, const std::string& node,
                        std::string_view payload, int64_t now_ms) {
    auto output = decode_job_output(payload);
    if (!output) return output.error();
    // The container may be gone from the state already (the report that showed its exit came
    // first); its run's record says where that attempt ran.
    auto job = state.jobs.find(job_key(output->stack, output->service));
    if (job == state.jobs.end()) {
        return make_error("job output for " + job_key(output->stack, output->service) +
                          ", which is not a job");
    }
    const auto& runs = job->second.runs;
    auto run = std::find_if(runs.begin(), runs.end(), [&](const JobRunRecord& record) {
        return record.run.id == output->job_run;
    });
    if (run == runs.end()) {
        return make_error("job output for run " + std::to_string(output->job_run) +
                          ", which the job does not have");
    }
    if (run->run.attempts != output->job_attempt ||
        std::find(run->nodes.begin(), run->nodes.end(), node) == run->nodes.end()) {
        return make_error("job output for run " + std::to_string(output->job_run) + " attempt " +
                          std::to_string(output->job_attempt) + ", which did not run on " + node);
    }
    bool truncated = output->truncated;
    bool cut = false;
    std::string kept = keep_job_output_tail(output->output, cut);
    return store.put_job_output({output->job_run, output->replica, node, output->job_attempt,
                                 std::move(kept), truncated || cut, now_ms});
}

}  // namespace edge
