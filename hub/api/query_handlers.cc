#include "hub/api/query_handlers.h"
#include "core/comma_list.h"
#include "core/environments.h"

#include "hub/api/service_reference.h"
#include "hub/memory/memory_rows.h"
#include "hub/state/desired_state.h"
#include "hub/store/rows.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr int64_t kDefaultEventLimit = 100;

}  // namespace

Result<std::string> string_arg(const json& args, const char* key, bool required) {
    auto value = args.find(key);
    if (value == args.end() || value->is_null()) {
        if (required) return make_error(std::string("missing argument \"") + key + "\"");
        return std::string();
    }
    if (!value->is_string())
        return make_error(std::string("argument \"") + key + "\": expected a string");
    return value->get<std::string>();
}

Result<int64_t> integer_arg(const json& args, const char* key, int64_t min, int64_t max,
                            int64_t fallback) {
    auto value = args.find(key);
    if (value == args.end() || value->is_null()) return fallback;
    if (!value->is_number_integer()) {
        return make_error(std::string("argument \"") + key + "\": expected an integer");
    }
    int64_t number = value->get<int64_t>();
    if (number < min || number > max) {
        return make_error(std::string("argument \"") + key + "\": expected " + std::to_string(min) +
                          " to " + std::to_string(max));
    }
    return number;
}

Result<std::string> environment_arg(const json& args) {
    auto environment = string_arg(args, "environment", false);
    if (!environment) return environment.error();
    if (environment->empty()) return std::string(kDefaultEnvironment);
    if (Status valid = validate_environment_name(*environment); !valid) return valid.error();
    return environment;
}

Result<std::string> environment_filter(const json& args) {
    auto environment = string_arg(args, "environment", false);
    if (!environment || environment->empty()) return environment;
    if (Status valid = validate_environment_name(*environment); !valid) return valid.error();
    return environment;
}

namespace {

bool in_environment(const std::string& key, const std::string& filter) {
    return filter.empty() || split_stack_key(key).environment == filter;
}

}  // namespace

Result<json> list_stacks(HandlerContext& ctx, const json& args) {
    auto filter = environment_filter(args);
    if (!filter) return filter.error();
    json rows = json::array();
    for (const auto& [name, stack] : ctx.state.stacks) {
        if (!in_environment(name, *filter)) continue;
        rows.push_back(stack_row(ctx.state, ctx.observed, stack));
    }
    return rows;
}

Result<json> list_services(HandlerContext& ctx, const json& args) {
    auto only = string_arg(args, "stack", false);
    if (!only) return only.error();
    auto filter = environment_filter(args);
    if (!filter) return filter.error();
    if (!only->empty()) only = stack_key(*filter, *only);
    if (!only->empty() && !ctx.state.stacks.contains(*only)) {
        return make_error("no stack named \"" + *only + "\"");
    }
    json rows = json::array();
    const int64_t capacity = ctx.memory ? cluster_capacity(ctx.state, ctx.placement) : 0;
    for (const auto& [name, stack] : ctx.state.stacks) {
        if (!only->empty() && name != *only) continue;
        if (!in_environment(name, *filter)) continue;
        for (const auto& service : stack.spec.services) {
            rows.push_back(service_row(ctx.state, ctx.observed, name, service));
            if (ctx.memory != nullptr) {
                add_memory_fields(rows.back(), service, name, *ctx.memory, capacity, ctx.now_ms);
            }
        }
    }
    return rows;
}

Result<json> list_service_replicas(HandlerContext& ctx, const json& args) {
    auto wanted = string_arg(args, "service", true);
    if (!wanted) return wanted.error();
    auto filter = environment_filter(args);
    if (!filter) return filter.error();
    auto found = resolve_service(ctx.state, *wanted, *filter);
    if (!found) return found.error();
    json rows = json::array();
    DesiredNetworking networking(ctx.state);
    const int64_t capacity = ctx.memory ? cluster_capacity(ctx.state, ctx.placement) : 0;
    for (const auto& replica : ctx.state.replicas) {
        if (replica.key.stack != found->stack || replica.key.service != found->service) continue;
        rows.push_back(replica_row(ctx.state, ctx.observed, replica, networking));
        const ServiceSpec* spec = find_service(ctx.state, replica.key.stack, replica.key.service);
        if (ctx.memory != nullptr && spec != nullptr) {
            add_memory_fields(rows.back(), *spec, replica.key.stack, *ctx.memory, capacity,
                              ctx.now_ms);
        }
    }
    return rows;
}

Result<json> list_nodes(HandlerContext& ctx, const json&) {
    json rows = json::array();
    const std::map<std::string, NodeLoad> loads = node_loads(ctx.state);
    static const NodeLoad kNothingPlaced;
    for (const auto& [name, node] : ctx.state.nodes) {
        auto load = loads.find(name);
        rows.push_back(node_row(ctx.observed, node, ctx.placement,
                                load == loads.end() ? kNothingPlaced : load->second));
    }
    return rows;
}

Result<json> list_events(HandlerContext& ctx, const json& args) {
    auto since = integer_arg(args, "since_ms", 0, INT64_MAX, 0);
    if (!since) return since.error();
    auto limit = integer_arg(args, "limit", 1, kMaxStoredEvents, kDefaultEventLimit);
    if (!limit) return limit.error();
    auto events = ctx.store.events(*since, *limit);
    if (!events) return events.error();
    auto filter = environment_filter(args);
    if (!filter) return filter.error();
    json rows = json::array();
    for (const auto& event : *events) {
        // Stack events name "KEY" or "KEY/service"; with a filter, only the environment's
        // stacks' events show (node events belong to no environment).
        std::string key = event.subject.substr(0, event.subject.find('/'));
        bool stack_event =
            ctx.state.stacks.contains(key) || event.kind == "deploy" || event.kind == "remove";
        if (!filter->empty() && !(stack_event && in_environment(key, *filter))) continue;
        rows.push_back(event_to_json(event));
    }
    return rows;
}

}  // namespace edge
