#include "core/network/network_plan.h"

#include <algorithm>
#include <map>
#include <set>

namespace edge {

NetworkPlan plan_networks(const DesiredSet& desired, const std::vector<std::string>& existing) {
    std::map<std::string, NetworkToCreate> wanted;  // by network name
    for (const auto& container : desired.containers) {
        if (container.network.empty()) continue;
        NetworkToCreate& network = wanted[container.network];
        network.name = container.network;
        network.stack = container.stack;
        // Every container of a stack carries the same subnet; take the first one given.
        if (network.subnet.empty()) {
            network.subnet = container.network_subnet;
            network.gateway = container.network_gateway;
        }
    }
    std::set<std::string> present(existing.begin(), existing.end());
    NetworkPlan plan;
    for (const auto& [name, network] : wanted) {
        if (!present.contains(name)) plan.create.push_back(network);
    }
    for (const auto& name : present) {
        if (!wanted.contains(name)) plan.remove.push_back(name);
    }
    return plan;
}

namespace {

bool is_create(const ReconcileAction& action) {
    return action.kind == ReconcileAction::Kind::kCreate;
}

// Kahn's algorithm over the creates, picking the earliest ready one each time so that
// unrelated actions keep their relative order. Returns false on a cycle.
bool topological(const std::vector<ReconcileAction>& creates, std::vector<size_t>& order) {
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_service;
    for (size_t i = 0; i < creates.size(); ++i) {
        by_service[{creates[i].desired.stack, creates[i].desired.service}].push_back(i);
    }
    std::vector<std::vector<size_t>> waits_for(creates.size());
    for (size_t i = 0; i < creates.size(); ++i) {
        for (const auto& dependency : creates[i].desired.depends_on) {
            auto found = by_service.find({creates[i].desired.stack, dependency});
            if (found == by_service.end()) continue;  // runs elsewhere, or already exists
            for (size_t j : found->second) {
                if (j != i) waits_for[i].push_back(j);
            }
        }
    }
    std::vector<bool> done(creates.size(), false);
    while (order.size() < creates.size()) {
        bool progressed = false;
        for (size_t i = 0; i < creates.size(); ++i) {
            if (done[i]) continue;
            bool ready = std::all_of(waits_for[i].begin(), waits_for[i].end(),
                                     [&](size_t j) { return done[j]; });
            if (!ready) continue;
            done[i] = true;
            order.push_back(i);
            progressed = true;
            break;
        }
        if (!progressed) return false;
    }
    return true;
}

}  // namespace

std::vector<ReconcileAction> order_first_starts(std::vector<ReconcileAction> actions) {
    std::vector<ReconcileAction> creates;
    std::vector<size_t> slots;  // where the creates sit among all actions
    for (size_t i = 0; i < actions.size(); ++i) {
        if (!is_create(actions[i])) continue;
        creates.push_back(actions[i]);
        slots.push_back(i);
    }
    std::vector<size_t> order;
    if (creates.size() < 2 || !topological(creates, order)) return actions;
    for (size_t k = 0; k < slots.size(); ++k) actions[slots[k]] = creates[order[k]];
    return actions;
}

}  // namespace edge
