// Stores what a node sends about a job container that exited (schema/job_messages.h): the end
// of its output, kept with its run. Only for a container the hub placed on that node for that
// run and attempt; anything else is refused, so a node can neither write another node's output
// nor fill the store with output for runs that do not exist.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <string>
#include <string_view>

#include "hub/store/store.h"

namespace edge {

Status store_job_output(Store& store, const ClusterState& state, const std::string& node,
                        std::string_view payload, int64_t now_ms);

}  // namespace edge
