#include "hub/api/service_reference.h"

#include <vector>

#include "core/comma_list.h"
#include "core/environments.h"

namespace edge {

Result<ServiceTarget> resolve_service(const ClusterState& state, const std::string& reference,
                                      const std::string& environment) {
    std::vector<ServiceTarget> matches;
    const bool qualified = reference.find('/') != std::string::npos;
    for (const auto& [key, stack] : state.stacks) {
        StackRef ref = split_stack_key(key);
        if (!environment.empty() && ref.environment != environment) continue;
        for (const auto& service : stack.spec.services) {
            bool match = service.name == reference;
            if (qualified) {
                match = key + "/" + service.name == reference ||
                        (!environment.empty() && ref.stack + "/" + service.name == reference);
            }
            if (match) matches.push_back({key, service.name});
        }
    }
    const std::string where =
        environment.empty() ? std::string() : " in environment " + environment;
    if (matches.empty()) return make_error("no service named \"" + reference + "\"" + where);
    if (matches.size() > 1) {
        std::vector<std::string> names;
        for (const auto& match : matches) names.push_back(match.stack + "/" + match.service);
        return make_error("service name \"" + reference + "\" is in several stacks" + where +
                          "; use one of: " + comma_list(names));
    }
    return matches.front();
}

}  // namespace edge
