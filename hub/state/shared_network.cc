#include "hub/state/shared_network.h"

#include <optional>

namespace edge {

void resolve_shared_network(const ClusterState& state, const std::string& node,
                            DesiredContainer& container) {
    const std::string& mode = container.runtime.network_mode;
    if (!mode.starts_with("service:")) return;
    const std::string target = mode.substr(8);
    std::optional<int> chosen;
    for (const auto& replica : state.replicas) {
        if (replica.key.stack != container.stack || replica.key.service != target ||
            replica.node != node) {
            continue;
        }
        if (replica.key.replica == container.replica) {
            chosen = replica.key.replica;
            break;
        }
        if (!chosen || replica.key.replica < *chosen) chosen = replica.key.replica;
    }
    if (!chosen) return;
    container.runtime.network_mode =
        "container:" + container_name(node, container.stack, target, *chosen);
}

Status check_shared_networks(const StackSpec& stack) {
    for (const auto& service : stack.services) {
        const std::string& mode = service.runtime.network_mode;
        if (!mode.starts_with("service:")) continue;
        const std::string target = mode.substr(8);
        bool found = false;
        for (const auto& other : stack.services) found = found || other.name == target;
        if (!found || target == service.name) {
            return make_error("service " + service.name + ": network_mode " + mode +
                              " does not name another service of stack " + stack.name);
        }
    }
    return ok_status();
}

}  // namespace edge
