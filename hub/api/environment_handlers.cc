#include "hub/api/environment_handlers.h"

#include "core/comma_list.h"
#include "core/environments.h"
#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/api/stack_validation.h"
#include "hub/notify/environment_webhooks.h"
#include "hub/state/desired_state.h"
#include "schema/requests.h"

namespace edge {

using nlohmann::json;

namespace {

Result<std::optional<StoredEnvironment>> find_environment(Store& store, const std::string& name) {
    auto environments = store.environments();
    if (!environments) return environments.error();
    for (auto& environment : *environments) {
        if (environment.name == name) return std::optional<StoredEnvironment>(environment);
    }
    return std::optional<StoredEnvironment>();
}

std::vector<std::string> stacks_in(const ClusterState& state, const std::string& environment) {
    std::vector<std::string> names;
    for (const auto& [key, stack] : state.stacks) {
        StackRef ref = split_stack_key(key);
        if (ref.environment == environment) names.push_back(ref.stack);
    }
    return names;
}

// "memory_factor" (a number, 1 leaves limits alone) and "webhooks" (webhook lines; [] removes
// them), each changed only when present.
Status apply_defaults(HandlerContext& ctx, StoredEnvironment& environment, const json& args) {
    auto factor = args.find("memory_factor");
    if (factor != args.end() && !factor->is_null()) {
        if (!factor->is_number())
            return make_error("argument \"memory_factor\": expected a number");
        auto thousandths = parse_memory_factor(factor->get<double>());
        if (!thousandths) return thousandths.error();
        environment.memory_factor = *thousandths;
    }
    auto webhooks = args.find("webhooks");
    if (webhooks != args.end() && !webhooks->is_null()) {
        std::vector<std::string> lines;
        if (!webhooks->is_array()) return make_error("argument \"webhooks\": expected an array");
        for (const auto& line : *webhooks) {
            if (!line.is_string()) return make_error("argument \"webhooks\": expected strings");
            lines.push_back(line.get<std::string>());
        }
        auto sealed = seal_environment_webhooks(ctx.cipher, environment.name, lines);
        if (!sealed) return sealed.error();
        environment.webhooks_sealed = std::move(*sealed);
    }
    return ok_status();
}

// The webhooks as env ls shows them: format and URL without its secrets (loggable_url).
json shown_webhooks(const HandlerContext& ctx, const StoredEnvironment& environment) {
    json shown = json::array();
    auto lines = open_environment_webhooks(ctx.cipher, environment);
    if (!lines) return json::array({"(" + lines.error().message + ")"});
    for (const auto& line : *lines) {
        auto webhook = parse_webhook(line);
        if (webhook)
            shown.push_back(std::string(to_string(webhook->format)) + " " + loggable_url(*webhook));
    }
    return shown;
}

Result<json> create_environment(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "environment", true);
    if (!name) return name.error();
    if (Status valid = validate_environment_name(*name); !valid) return valid.error();
    auto existing = find_environment(ctx.store, *name);
    if (!existing) return existing.error();
    if (existing->has_value()) return make_error("environment \"" + *name + "\" exists");
    StoredEnvironment environment{*name, {}, ctx.now_ms};
    auto constraints = args.find("constraints");
    if (constraints != args.end() && !constraints->is_null()) {
        if (!constraints->is_array()) {
            return make_error("argument \"constraints\": expected an array of strings");
        }
        for (const auto& item : *constraints) {
            if (!item.is_string()) {
                return make_error("argument \"constraints\": expected an array of strings");
            }
            auto constraint = parse_constraint_text(item.get<std::string>());
            if (!constraint) return constraint.error();
            if (Status valid = validate_constraint(*constraint); !valid) return valid.error();
            environment.constraints.push_back(*constraint);
        }
    }
    if (Status set = apply_defaults(ctx, environment, args); !set) return set.error();
    if (Status stored = ctx.store.put_environment(environment); !stored) return stored.error();
    return json{{"environment", environment.name}};
}

Result<json> set_environment(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "environment", true);
    if (!name) return name.error();
    auto existing = find_environment(ctx.store, *name);
    if (!existing) return existing.error();
    StoredEnvironment environment;
    if (existing->has_value()) {
        environment = **existing;
    } else if (*name == kDefaultEnvironment) {
        environment = {kDefaultEnvironment, {}, 0};
    } else {
        return make_error("no environment named \"" + *name +
                          "\"; create it with edgectl env create " + *name);
    }
    if (Status set = apply_defaults(ctx, environment, args); !set) return set.error();
    if (Status stored = ctx.store.put_environment(environment); !stored) return stored.error();
    return json{{"environment", environment.name}};
}

Result<json> list_environments(HandlerContext& ctx) {
    auto environments = ctx.store.environments();
    if (!environments) return environments.error();
    json rows = json::array();
    for (const auto& environment : *environments) {
        int64_t desired = 0;
        int64_t placed = 0;
        int64_t reserved = 0;
        for (const auto& replica : ctx.state.replicas) {
            if (split_stack_key(replica.key.stack).environment != environment.name) continue;
            ++desired;
            if (replica.node.empty()) continue;
            ++placed;
            if (const ServiceSpec* spec = spec_of(ctx.state, replica)) {
                reserved += spec->memory_reservation;
            }
        }
        json constraints = json::array();
        for (const auto& c : environment.constraints) constraints.push_back(c.text());
        rows.push_back({{"name", environment.name},
                        {"stacks", stacks_in(ctx.state, environment.name)},
                        {"constraints", constraints},
                        {"desired", desired},
                        {"placed", placed},
                        {"memory_reserved", reserved},
                        {"memory_factor", format_memory_factor(environment.memory_factor)},
                        {"webhooks", shown_webhooks(ctx, environment)},
                        {"created_ms", environment.created_ms}});
    }
    return rows;
}

Result<json> remove_environment_request(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "environment", true);
    if (!name) return name.error();
    if (*name == kDefaultEnvironment) return make_error("the default environment cannot go");
    auto existing = find_environment(ctx.store, *name);
    if (!existing) return existing.error();
    if (!existing->has_value()) return make_error("no environment named \"" + *name + "\"");
    std::vector<std::string> stacks = stacks_in(ctx.state, *name);
    if (!stacks.empty()) {
        return make_error("environment \"" + *name + "\" still has stacks: " + comma_list(stacks) +
                          "; remove them first (edgectl --env " + *name + " stack rm STACK)");
    }
    if (Status removed = ctx.store.remove_environment(*name); !removed) return removed.error();
    return json{{"environment", *name}};
}

}  // namespace

bool is_environment_op(const std::string& op) {
    return op == ops::kEnvCreate || op == ops::kEnvSet || op == ops::kEnvList ||
           op == ops::kEnvRemove;
}

Outcome handle_environment_request(HandlerContext& ctx, const std::string& op, const json& args) {
    if (op == ops::kEnvList) return answer(list_environments(ctx));
    Outcome outcome;
    if (op == ops::kEnvCreate) outcome = answer(create_environment(ctx, args));
    if (op == ops::kEnvSet) outcome = answer(set_environment(ctx, args));
    if (op == ops::kEnvRemove) outcome = answer(remove_environment_request(ctx, args));
    // The hub reloads the environments' webhooks after a change.
    outcome.environments_changed = outcome.response && outcome.response->ok;
    return outcome;
}

Result<StoredEnvironment> environment_settings(Store& store, const std::string& environment) {
    auto found = find_environment(store, environment);
    if (!found) return found.error();
    if (!found->has_value()) {
        if (environment == kDefaultEnvironment)
            return StoredEnvironment{kDefaultEnvironment, {}, 0};
        return make_error("no environment named \"" + environment +
                          "\"; create it with edgectl env create " + environment);
    }
    return **found;
}

}  // namespace edge
