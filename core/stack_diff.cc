#include "core/stack_diff.h"

#include "core/comma_list.h"
#include "core/memory/memsize.h"

namespace edge {

namespace {

const ServiceSpec* find_in(const StackSpec& stack, const std::string& name) {
    for (const auto& service : stack.services) {
        if (service.name == name) return &service;
    }
    return nullptr;
}

std::string replica_text(const ServiceSpec& service) {
    if (service.global) return "global";
    return std::to_string(service.replicas) + (service.replicas == 1 ? " replica" : " replicas");
}

}  // namespace

std::string describe_service_change(const ServiceSpec& from, const ServiceSpec& to) {
    if (from == to) return "";
    std::vector<std::string> parts;
    if (from.image != to.image) parts.push_back("image " + from.image + " -> " + to.image);
    if (from.memory_limit != to.memory_limit) {
        parts.push_back("memory limit " + format_memory_size(from.memory_limit) + " -> " +
                        format_memory_size(to.memory_limit));
    }
    if (from.replicas != to.replicas || from.global != to.global) {
        parts.push_back("replicas " + replica_text(from) + " -> " + replica_text(to));
    }
    if (from.command != to.command || from.entrypoint != to.entrypoint) parts.push_back("command");
    if (from.environment != to.environment) parts.push_back("environment");
    if (from.healthcheck != to.healthcheck || from.http_check != to.http_check) {
        parts.push_back("health check");
    }
    if (from.constraints != to.constraints) parts.push_back("constraints");
    return parts.empty() ? "other settings" : comma_list(parts);
}

std::vector<std::string> describe_stack_change(const StackSpec* current, const StackSpec& next) {
    std::vector<std::string> lines;
    for (const auto& service : next.services) {
        const ServiceSpec* before = current == nullptr ? nullptr : find_in(*current, service.name);
        if (before == nullptr) {
            lines.push_back(service.name + ": new (image " + service.image + ", " +
                            replica_text(service) + ")");
            continue;
        }
        std::string change = describe_service_change(*before, service);
        lines.push_back(service.name + ": " + (change.empty() ? "unchanged" : change));
    }
    if (current != nullptr) {
        for (const auto& service : current->services) {
            if (find_in(next, service.name) == nullptr) lines.push_back(service.name + ": removed");
        }
    }
    return lines;
}

}  // namespace edge
