#include "hub/observed_state.h"

namespace edge {

void ObservedState::record(const NodeReport& report, int64_t received_ms) {
    reports_[report.node] = {report, received_ms};
}

const NodeReport* ObservedState::latest(const std::string& node) const {
    auto found = reports_.find(node);
    return found == reports_.end() ? nullptr : &found->second.report;
}

int64_t ObservedState::last_report_ms(const std::string& node) const {
    auto found = reports_.find(node);
    return found == reports_.end() ? 0 : found->second.received_ms;
}

const ObservedContainer* ObservedState::find(const std::string& node, const ReplicaKey& key) const {
    const NodeReport* report = latest(node);
    if (report == nullptr) return nullptr;
    const ObservedContainer* match = nullptr;
    for (const auto& container : report->containers) {
        if (container.stack != key.stack || container.service != key.service ||
            container.replica != key.replica) {
            continue;
        }
        // During a replacement an old and a new container may both exist; prefer the running one.
        if (match == nullptr || container.state == "running") match = &container;
    }
    return match;
}

}  // namespace edge
