#include "hub/api/request_handlers.h"
#include "core/comma_list.h"
#include "core/environments.h"

#include <algorithm>

#include "hub/api/answer.h"
#include "hub/api/deploy_preview.h"
#include "hub/api/environment_handlers.h"
#include "hub/api/node_admin.h"
#include "hub/api/promote_handler.h"
#include "hub/api/query_handlers.h"
#include "hub/api/rollback.h"
#include "hub/api/stack_validation.h"
#include "hub/api/token_handlers.h"
#include "hub/files/secret_handlers.h"
#include "hub/files/shipped_files.h"
#include "hub/jobs/job_handlers.h"
#include "hub/jobs/job_policies.h"
#include "hub/memory/memory_deploy.h"
#include "hub/memory/resize_handler.h"
#include "hub/state/rollouts.h"
#include "hub/store/rows.h"
#include "schema/requests.h"

namespace edge {

using nlohmann::json;

namespace {

// "deployed 2 service(s): web, db; removed: cache"
std::string describe_deploy(const StackSpec& stack, const StackRecord* old) {
    std::vector<std::string> names;
    for (const auto& service : stack.services) names.push_back(service.name);
    std::string message = "deployed " + std::to_string(names.size()) + " service(s)";
    if (!names.empty()) message += ": " + comma_list(names);
    std::vector<std::string> removed;
    if (old != nullptr) {
        for (const auto& service : old->spec.services) {
            if (std::find(names.begin(), names.end(), service.name) == names.end()) {
                removed.push_back(service.name);
            }
        }
    }
    if (!removed.empty()) message += "; removed: " + comma_list(removed);
    return message;
}

Outcome remove_stack(HandlerContext& ctx, const json& args) {
    auto plain = string_arg(args, "stack", true);
    if (!plain) return answer(plain.error());
    auto environment = environment_arg(args);
    if (!environment) return answer(environment.error());
    Result<std::string> name = stack_key(*environment, *plain);
    auto stack = ctx.state.stacks.find(*name);
    if (stack == ctx.state.stacks.end())
        return answer(make_error("no stack named \"" + *name + "\""));
    size_t services = stack->second.spec.services.size();

    ClusterState next = ctx.state;
    next.stacks.erase(*name);
    std::vector<Event> events = {
        {0, ctx.now_ms, "remove", *name,
         "removed stack with " + std::to_string(services) + " service(s)"}};
    std::string removed = *name;
    return commit_and_answer(ctx, std::move(next), std::move(events), [&]() -> Result<json> {
        return json{{"stack", removed}, {"removed_services", services}};
    });
}

Outcome label_node(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "node", true);
    if (!name) return answer(name.error());
    if (!ctx.state.nodes.contains(*name))
        return answer(make_error("no node named \"" + *name + "\""));
    ClusterState next = ctx.state;
    NodeRecord& node = next.nodes[*name];
    std::string changes;

    auto set = args.find("set");
    if (set != args.end() && !set->is_null()) {
        if (!set->is_object()) return answer(make_error("argument \"set\": expected an object"));
        for (const auto& [key, value] : set->items()) {
            if (!value.is_string()) {
                return answer(make_error("argument \"set\": label " + key + " must be a string"));
            }
            if (Status valid = validate_label(key, value.get<std::string>()); !valid) {
                return answer(valid.error());
            }
            node.labels[key] = value.get<std::string>();
            changes += (changes.empty() ? "" : ", ") + key + "=" + value.get<std::string>();
        }
    }
    auto remove = args.find("remove");
    if (remove != args.end() && !remove->is_null()) {
        if (!remove->is_array())
            return answer(make_error("argument \"remove\": expected an array"));
        for (const auto& key : *remove) {
            if (!key.is_string())
                return answer(make_error("argument \"remove\": expected strings"));
            if (node.labels.erase(key.get<std::string>()) > 0) {
                changes += (changes.empty() ? "" : ", ") + ("-" + key.get<std::string>());
            }
        }
    }
    std::vector<Event> events;
    if (!changes.empty()) events.push_back({0, ctx.now_ms, "label", *name, "labels: " + changes});
    std::string node_name = *name;
    return commit_and_answer(ctx, std::move(next), std::move(events), [&]() -> Result<json> {
        return node_row(ctx.state, ctx.observed, ctx.state.nodes.at(node_name), ctx.placement);
    });
}

}  // namespace

Outcome deploy_stack(HandlerContext& ctx, const json& args) {
    auto raw = args.find("stack");
    if (raw == args.end()) return answer(make_error("missing argument \"stack\""));
    auto decoded = stack_from_json(*raw);
    if (!decoded) return answer(make_error("invalid stack: " + decoded.error().message));
    // The name sent is the stack's own; the environment makes it the stack's key.
    if (Status plain = validate_name("stack", decoded->name); !plain) {
        return answer(make_error("invalid stack: " + plain.error().message));
    }
    auto environment = environment_arg(args);
    if (!environment) return answer(environment.error());
    auto settings = environment_settings(ctx.store, *environment);
    if (!settings) return answer(settings.error());
    decoded->name = stack_key(*environment, decoded->name);
    add_environment_constraints(*decoded, settings->constraints);
    apply_memory_factor(*decoded, settings->memory_factor);
    auto stack = validate_stack(std::move(*decoded));
    if (!stack) return answer(make_error("invalid stack: " + stack.error().message));
    if (ctx.jobs != nullptr) {
        // The Compose file was checked for syntax; the time zones a job names are the hub's.
        for (const auto& service : stack->services) {
            if (!service.job) continue;
            if (auto policy = ctx.jobs->policy(*service.job); !policy) {
                return answer(make_error("invalid stack: service " + service.name + ": " +
                                         policy.error().message));
            }
        }
    }
    auto dry_run_arg = args.find("dry_run");
    const bool dry_run =
        dry_run_arg != args.end() && dry_run_arg->is_boolean() && dry_run_arg->get<bool>();
    // The files and secrets the stack ships, stored before the stack that references them; a
    // dry run stores nothing, so its plan does not depend on them.
    if (!dry_run) {
        json files = args.contains("files") ? args["files"] : json();
        if (Status stored = store_shipped_files(ctx.store, *stack, files, ctx.now_ms); !stored) {
            return answer(make_error("invalid stack: " + stored.error().message));
        }
        json secrets = args.contains("secrets") ? args["secrets"] : json();
        if (Status resolved = resolve_secrets_and_configs(ctx, *stack, secrets); !resolved) {
            return answer(make_error("invalid stack: " + resolved.error().message));
        }
    }
    const std::string name = stack->name;

    ClusterState next = ctx.state;
    auto old = ctx.state.stacks.find(name);
    bool existed = old != ctx.state.stacks.end();
    if (ctx.memory != nullptr) {
        // Memory modes resolved and automatic limits set (docs/memory.md) before the stack is
        // compared with what runs, so a learned limit rolls like any other change.
        settle_memory_limits(*stack, existed ? &old->second : nullptr, *ctx.memory,
                             cluster_capacity(ctx.state, ctx.placement), ctx.now_ms);
    }
    std::string message = describe_deploy(*stack, existed ? &old->second : nullptr);
    int64_t created = existed ? old->second.created_ms : ctx.now_ms;
    std::map<std::string, ServiceSpec> previous =
        existed ? previous_specs(old->second, *stack) : std::map<std::string, ServiceSpec>{};
    next.stacks[name] = {std::move(*stack), created, ctx.now_ms, std::move(previous), {}};
    start_rollouts(existed ? &old->second : nullptr, next.stacks[name], next.replicas, ctx.now_ms);
    if (dry_run) return answer(preview_deploy(ctx, std::move(next), name));
    std::vector<Event> events = {{0, ctx.now_ms, "deploy", name, message}};

    return commit_and_answer(ctx, std::move(next), std::move(events), [&]() -> Result<json> {
        json answer = stack_replicas_answer(ctx.state, ctx.observed, name);
        answer["stack"] = name;
        return answer;
    });
}

Outcome handle_request(HandlerContext& ctx, const Request& request) {
    const json& args = request.args.is_object() ? request.args : json::object();
    const std::string& op = request.op;
    if (op == ops::kDeploy) return deploy_stack(ctx, args);
    if (op == ops::kPromote) return promote_stack(ctx, args);
    if (op == ops::kStackRemove) return remove_stack(ctx, args);
    if (op == ops::kNodeLabel) return label_node(ctx, args);
    if (op == ops::kNodeDrain) return drain_node(ctx, args, true);
    if (op == ops::kNodeActivate) return drain_node(ctx, args, false);
    if (op == ops::kNodeRemove) return remove_node(ctx, args);
    if (op == ops::kStackList) return answer(list_stacks(ctx, args));
    if (op == ops::kServiceList) return answer(list_services(ctx, args));
    if (op == ops::kServicePs) return answer(list_service_replicas(ctx, args));
    if (op == ops::kNodeList) return answer(list_nodes(ctx, args));
    if (op == ops::kEvents) return answer(list_events(ctx, args));
    if (op == ops::kServiceRollback) return rollback_service(ctx, args);
    if (op == ops::kServiceResize && ctx.memory != nullptr) {
        return resize_request(ctx, *ctx.memory, args);
    }
    if (is_secret_or_config_op(op)) return handle_secret_or_config_request(ctx, op, args);
    if (is_environment_op(op)) return handle_environment_request(ctx, op, args);
    if (is_token_op(op)) return handle_token_request(ctx, op, args);
    if (is_job_op(op)) return handle_job_request(ctx, op, args);
    return answer(make_error(
        "unknown operation \"" + op +
        "\"; expected deploy, stack.ls, stack.rm, service.ls, service.ps, "
        "service.rollback, service.resize, node.ls, node.label, node.drain, node.activate, "
        "node.rm, events, secret.create, secret.ls, secret.rm, config.create, "
        "config.ls, config.rm, env.create, env.ls, env.rm, promote, token.create, token.ls, "
        "token.rm, job.ls, job.runs, job.logs, job.run, job.suspend or job.resume"));
}

}  // namespace edge
