#include "agent/job_outputs.h"

namespace edge {

std::vector<ExitedJobContainer> JobOutputTracker::unsent(
    const DesiredSet& desired, const std::vector<ObservedContainer>& observed) {
    std::vector<ExitedJobContainer> exited;
    std::set<std::string> present;
    for (const auto& container : observed) {
        present.insert(container.id);
        if (container.state != "exited" || sent_.contains(container.id)) continue;
        for (const auto& want : desired.containers) {
            if (want.job_run == 0 || want.stack != container.stack ||
                want.service != container.service || want.replica != container.replica ||
                want.spec_hash != container.spec_hash) {
                continue;
            }
            exited.push_back({&want, &container});
            break;
        }
    }
    std::erase_if(sent_, [&](const std::string& id) { return !present.contains(id); });
    return exited;
}

}  // namespace edge
