#include "hub/state/observed_state.h"

#include <algorithm>

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

void ObservedState::arrived(const std::string& node, int64_t arrived_ms) {
    int64_t& newest = arrivals_[node];
    newest = std::max(newest, arrived_ms);
}

int64_t ObservedState::last_arrival_ms(const std::string& node) const {
    auto found = arrivals_.find(node);
    return std::max(last_report_ms(node), found == arrivals_.end() ? 0 : found->second);
}

const ObservedContainer* ObservedState::find(const std::string& node, const ReplicaKey& key,
                                             const std::string& spec_hash) const {
    const NodeReport* report = latest(node);
    if (report == nullptr) return nullptr;
    auto rank = [&](const ObservedContainer& c) {
        return (!spec_hash.empty() && c.spec_hash == spec_hash ? 2 : 0) +
               (c.state == "running" ? 1 : 0);
    };
    const ObservedContainer* match = nullptr;
    for (const auto& container : report->containers) {
        if (container.stack != key.stack || container.service != key.service ||
            container.replica != key.replica) {
            continue;
        }
        if (match == nullptr || rank(container) >= rank(*match)) match = &container;
    }
    return match;
}

const CreateFailure* ObservedState::failure(const std::string& node, const ReplicaKey& key,
                                            const std::string& spec_hash) const {
    const NodeReport* report = latest(node);
    if (report == nullptr) return nullptr;
    for (const auto& failure : report->failures) {
        if (failure.stack == key.stack && failure.service == key.service &&
            failure.replica == key.replica && failure.spec_hash == spec_hash) {
            return &failure;
        }
    }
    return nullptr;
}

}  // namespace edge
