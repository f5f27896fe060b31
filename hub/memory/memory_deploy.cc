#include "hub/memory/memory_deploy.h"

#include <algorithm>

#include "core/memory/memory_images.h"

namespace edge {

namespace {

const ServiceSpec* deployed_before(const StackRecord* before, const std::string& name) {
    if (before == nullptr) return nullptr;
    for (const auto& service : before->spec.services) {
        if (service.name == name) return &service;
    }
    return nullptr;
}

}  // namespace

void settle_memory_limits(StackSpec& stack, const StackRecord* before,
                          const MemoryLearning& learning, int64_t capacity, int64_t now_ms) {
    const MemoryLearningConfig& config = learning.config();
    for (ServiceSpec& service : stack.services) {
        // A stated limit without x-edge memory stays kDefault, which is fixed: specs stored
        // before learned limits read the same, and compare equal, as the ones deployed now.
        if (service.memory_mode == MemoryMode::kDefault && !service.memory_limit_stated &&
            config.default_mode == MemoryMode::kAuto) {
            service.memory_mode = MemoryMode::kAuto;
        }
        // Fixed and recommend modes change nothing here: the file's limit (or the default)
        // holds; in recommend mode until `service resize --apply`, and a deploy returns to it.
        if (service.memory_mode != MemoryMode::kAuto) continue;
        const ServiceSpec* old = deployed_before(before, service.name);
        bool continues = old != nullptr && old->memory_mode == service.memory_mode;
        int64_t limit =
            provisional_limit(service.image, service.memory_limit_stated ? service.memory_limit : 0,
                              config.provisional_default);
        if (continues) {
            limit = old->memory_limit;
            auto learned = learning.recommend(stack.name, service.name, capacity, now_ms);
            if (learned && worth_resizing(limit, learned->limit)) limit = learned->limit;
        }
        // A stated limit above the bound is the person's choice and stays; a provisional one
        // never asks for more than a node has.
        if (!service.memory_limit_stated || continues) {
            limit = std::min(limit, limit_upper_bound(config.policy, capacity));
        }
        service.memory_limit = limit;
        service.memory_reservation = limit;
    }
}

}  // namespace edge
