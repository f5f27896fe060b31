#include "compose/fields/deploy_parser.h"
#include "compose/text_split.h"

#include <algorithm>
#include <cctype>

#include "compose/fields/update_config_parser.h"
#include "core/memory/memsize.h"

namespace edge::compose {

namespace {

const char* const kConstraintSyntax = "a constraint such as node.labels.disk==ssd";

// Swarm reports a node's architecture as uname does; nodes here report Docker's names.
std::string docker_arch_name(const std::string& arch) {
    if (arch == "x86_64") return "amd64";
    if (arch == "aarch64") return "arm64";
    if (arch == "armv7l" || arch == "armv6l" || arch == "armhf") return "arm";
    return arch;
}

// `limits` and `reservations` take the same keys; only `memory` is in the subset.
Status parse_memory_block(const Value& block, std::optional<MemorySetting>& memory_target) {
    auto entries = block.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key != "memory") {
            entry.value.warn_unsupported();
            continue;
        }
        auto memory = parse_memory(entry.value);
        if (!memory) return memory.error();
        memory_target = *memory;
    }
    return ok_status();
}

Status parse_resources(const Value& resources, DeploySettings& settings) {
    auto entries = resources.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        Status status = ok_status();
        if (entry.key == "limits") {
            status = parse_memory_block(entry.value, settings.memory_limit);
        } else if (entry.key == "reservations") {
            status = parse_memory_block(entry.value, settings.memory_reservation);
        } else {
            entry.value.warn_unsupported();
        }
        if (!status) return status;
    }
    return ok_status();
}

Status parse_restart_policy(const Value& policy, DeploySettings& settings) {
    auto entries = policy.entries();
    if (!entries) return entries.error();
    settings.has_restart_policy = true;
    for (const Entry& entry : *entries) {
        if (entry.key == "max_attempts") {
            settings.max_attempts_at = entry.value;
            continue;
        }
        if (entry.key == "delay") {
            settings.delay_at = entry.value;
            continue;
        }
        if (entry.key != "condition") {
            entry.value.warn_unsupported();
            continue;
        }
        const char* const expected = "none, on-failure or any";
        auto condition = entry.value.text(expected);
        if (!condition) return condition.error();
        if (*condition == "none") {
            settings.restart = RestartPolicy::kNo;
        } else if (*condition == "on-failure") {
            settings.restart = RestartPolicy::kOnFailure;
        } else if (*condition == "any") {
            settings.restart = RestartPolicy::kAlways;
        } else {
            return entry.value.expected(expected);
        }
    }
    return ok_status();
}

Status parse_placement(const Value& placement, DeploySettings& settings) {
    auto entries = placement.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key != "constraints") {
            entry.value.warn_unsupported();
            continue;
        }
        auto items = entry.value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto constraint = parse_constraint(item);
            if (!constraint) return constraint.error();
            settings.constraints.push_back(*constraint);
        }
    }
    return ok_status();
}

}  // namespace

Result<MemorySetting> parse_memory(const Value& value) {
    const char* const expected = "a memory size such as 512m, 1g or 1.5GiB";
    auto text = value.text(expected);
    if (!text) return text.error();
    auto bytes = parse_memory_size(*text);
    if (!bytes) return value.expected(expected);
    return MemorySetting{*bytes, value};
}

Result<Constraint> parse_constraint(const Value& item) {
    auto text = item.text(kConstraintSyntax);
    if (!text) return text.error();
    size_t equal_at = text->find("==");
    size_t unequal_at = text->find("!=");
    size_t operator_at = std::min(equal_at, unequal_at);
    if (operator_at == std::string::npos) return item.expected(kConstraintSyntax);

    Constraint constraint;
    constraint.equal = operator_at == equal_at;
    constraint.key = trim_white_space(text->substr(0, operator_at));
    constraint.value = trim_white_space(text->substr(operator_at + 2));
    if (constraint.key.empty() || constraint.value.empty() ||
        constraint.value.find_first_of("=!") == 0) {
        return item.expected(kConstraintSyntax);
    }

    const std::string labels_prefix = "node.labels.";
    if (constraint.key == "node.platform.arch") {
        constraint.value = docker_arch_name(constraint.value);
    } else if (constraint.key == "node.class") {
        if (constraint.value != "low-power" && constraint.value != "standard") {
            return item.fail("unknown node class \"" + constraint.value +
                             "\"; expected low-power or standard");
        }
    } else if (constraint.key != "node.hostname" &&
               !(constraint.key.starts_with(labels_prefix) &&
                 constraint.key.size() > labels_prefix.size())) {
        return item.fail("unknown constraint key \"" + constraint.key +
                         "\"; expected node.hostname, node.labels.KEY, node.platform.arch or "
                         "node.class");
    }
    return constraint;
}

Result<DeploySettings> parse_deploy(const Value& deploy) {
    auto entries = deploy.entries();
    if (!entries) return entries.error();
    DeploySettings settings;
    const char* const modes = "replicated, global, replicated-job or global-job";
    std::string mode_name = "replicated";
    for (const Entry& entry : *entries) {
        const Value& value = entry.value;
        Status status = ok_status();
        if (entry.key == "replicas") {
            auto replicas = value.integer(0, 1000);
            if (!replicas) return replicas.error();
            settings.replicas = static_cast<int>(*replicas);
            settings.replicas_at = value;
        } else if (entry.key == "mode") {
            auto mode = value.text(modes);
            if (!mode) return mode.error();
            if (*mode != "replicated" && *mode != "global" && *mode != "replicated-job" &&
                *mode != "global-job") {
                return value.expected(modes);
            }
            mode_name = *mode;
            settings.global = *mode == "global" || *mode == "global-job";
            settings.job = mode->ends_with("-job");
        } else if (entry.key == "resources") {
            status = parse_resources(value, settings);
        } else if (entry.key == "restart_policy") {
            status = parse_restart_policy(value, settings);
        } else if (entry.key == "placement") {
            status = parse_placement(value, settings);
        } else if (entry.key == "update_config") {
            auto update = parse_update_config(value, settings.update, true);
            if (!update) return update.error();
            settings.update = *update;
            if (update->order == UpdateConfig::Order::kStartFirst) settings.start_first_at = value;
        } else if (entry.key == "rollback_config") {
            auto rollback = parse_update_config(value, settings.rollback, false);
            if (!rollback) return rollback.error();
            settings.rollback = *rollback;
            if (rollback->order == UpdateConfig::Order::kStartFirst) {
                settings.start_first_at = value;
            }
        } else {
            value.warn_unsupported();
        }
        if (!status) return status.error();
    }
    if (settings.global && settings.replicas_at) {
        return settings.replicas_at->fail(
            "replicas cannot be combined with mode " + mode_name + ", which runs one " +
            (settings.job ? "container" : "replica") + " on every eligible node");
    }
    return settings;
}

}  // namespace edge::compose
