#include "core/jobs/run_history.h"

#include <algorithm>

namespace edge {

std::vector<int64_t> job_runs_to_delete(const std::vector<JobRun>& runs, int history,
                                        const std::vector<JobRun>& adding) {
    std::vector<const JobRun*> newest_first;
    for (const JobRun& run : runs) newest_first.push_back(&run);
    std::sort(newest_first.begin(), newest_first.end(),
              [](const JobRun* a, const JobRun* b) { return a->id > b->id; });
    newest_first.insert(newest_first.begin(), adding.size(), nullptr);
    for (size_t i = 0; i < adding.size(); ++i) newest_first[i] = &adding[adding.size() - 1 - i];

    const JobRun* newest_scheduled = nullptr;
    for (const JobRun* run : newest_first) {
        if (run->trigger == JobRunTrigger::kSchedule) {
            newest_scheduled = run;
            break;
        }
    }
    std::vector<int64_t> doomed;
    int kept = 0;
    for (size_t i = 0; i < newest_first.size(); ++i) {
        const JobRun* run = newest_first[i];
        const bool must_keep =
            i < adding.size() || job_run_active(run->state) || run == newest_scheduled;
        if (must_keep || kept < history) {
            ++kept;
            continue;
        }
        doomed.push_back(run->id);
    }
    return doomed;
}

}  // namespace edge
