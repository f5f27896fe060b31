#include "hub/api/rollback.h"

#include <vector>

#include "core/stack_diff.h"
#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/api/service_reference.h"
#include "hub/state/rollouts.h"
#include "hub/store/rows.h"

namespace edge {

using nlohmann::json;

namespace {

const ServiceSpec* find_in(const StackSpec& stack, const std::string& name) {
    for (const auto& service : stack.services) {
        if (service.name == name) return &service;
    }
    return nullptr;
}

}  // namespace

std::map<std::string, ServiceSpec> previous_specs(const StackRecord& current,
                                                  const StackSpec& next) {
    std::map<std::string, ServiceSpec> previous;
    for (const auto& service : next.services) {
        const ServiceSpec* before = find_in(current.spec, service.name);
        if (before == nullptr) continue;
        if (*before != service) {
            previous[service.name] = *before;
            continue;
        }
        auto kept = current.previous.find(service.name);
        if (kept != current.previous.end()) previous[service.name] = kept->second;
    }
    return previous;
}

Outcome rollback_service(HandlerContext& ctx, const json& args) {
    auto wanted = string_arg(args, "service", true);
    if (!wanted) return answer(wanted.error());
    auto environment = environment_filter(args);
    if (!environment) return answer(environment.error());
    auto found = resolve_service(ctx.state, *wanted, *environment);
    if (!found) return answer(found.error());
    const auto& [stack_name, service_name] = *found;
    const StackRecord& record = ctx.state.stacks.at(stack_name);
    auto previous = record.previous.find(service_name);
    if (previous == record.previous.end()) {
        return answer(make_error("service " + stack_name + "/" + service_name +
                                 " has no previous spec to roll back to: it has not changed "
                                 "since it was deployed"));
    }

    ClusterState next = ctx.state;
    StackRecord& stack = next.stacks[stack_name];
    const ServiceSpec* current = find_in(stack.spec, service_name);
    ServiceSpec restored = previous->second;
    std::string change = describe_service_change(*current, restored);
    start_rollback(stack, service_name, next.replicas, ctx.now_ms);
    stack.updated_ms = ctx.now_ms;
    std::vector<Event> events = {{0, ctx.now_ms, "rollout", stack_name + "/" + service_name,
                                  "rolled back to the previous spec (" + change + ")"}};
    std::string stack_copy = stack_name;
    std::string service_copy = service_name;
    return commit_and_answer(ctx, std::move(next), std::move(events), [&]() -> Result<json> {
        json replicas = json::array();
        for (const auto& replica : ctx.state.replicas) {
            if (replica.key.stack == stack_copy && replica.key.service == service_copy) {
                replicas.push_back(replica_row(ctx.state, ctx.observed, replica));
            }
        }
        return json{{"stack", stack_copy},
                    {"service", service_copy},
                    {"image", restored.image},
                    {"replicas", replicas}};
    });
}

}  // namespace edge
