// Which of a node's containers are jobs' containers that exited and whose output the hub has
// not been sent yet (docs/jobs.md, schema/job_messages.h). The agent sends each once per
// process, before the report that shows the exit; after a restart it sends them again, which
// the hub takes as a replacement of the same output.
// Thread-safety: none; used from the agent's worker thread.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

struct ExitedJobContainer {
    const DesiredContainer* desired = nullptr;
    const ObservedContainer* observed = nullptr;
};

class JobOutputTracker {
  public:
    // The exited job containers of `observed` that `desired` still wants and whose output was
    // not sent yet. Forgets the containers that are gone.
    std::vector<ExitedJobContainer> unsent(const DesiredSet& desired,
                                           const std::vector<ObservedContainer>& observed);
    void mark_sent(const std::string& container_id) { sent_.insert(container_id); }

  private:
    std::set<std::string> sent_;  // container ids; forgotten once the container is gone
};

}  // namespace edge
