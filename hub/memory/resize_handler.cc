#include "hub/memory/resize_handler.h"

#include "core/memory/memsize.h"
#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/api/service_reference.h"
#include "hub/memory/memory_resize.h"
#include "hub/memory/memory_rows.h"
#include "hub/state/desired_state.h"

namespace edge {

using nlohmann::json;

namespace {

json resize_row(const MemoryLearning& learning, const std::string& stack, const ServiceSpec& spec,
                int64_t capacity, int64_t now_ms) {
    json row = {{"stack", stack}, {"service", spec.name}, {"memory_limit", spec.memory_limit}};
    add_memory_fields(row, spec, stack, learning, capacity, now_ms);
    return row;
}

}  // namespace

Outcome resize_request(HandlerContext& ctx, MemoryLearning& learning, const json& args) {
    auto wanted = string_arg(args, "service", true);
    if (!wanted) return answer(wanted.error());
    auto apply_arg = args.find("apply");
    if (apply_arg != args.end() && !apply_arg->is_boolean()) {
        return answer(make_error("argument \"apply\": expected true or false"));
    }
    const bool apply = apply_arg != args.end() && apply_arg->get<bool>();
    auto environment = environment_filter(args);
    if (!environment) return answer(environment.error());
    auto target = resolve_service(ctx.state, *wanted, *environment);
    if (!target) return answer(target.error());
    const auto [stack, service] = *target;
    const ServiceSpec* spec = find_service(ctx.state, stack, service);
    const std::string name = stack + "/" + service;
    if (!learns_memory(spec->memory_mode)) {
        return answer(make_error(name + " has a fixed memory limit (" +
                                 format_memory_size(spec->memory_limit) +
                                 "); x-edge: {memory: recommend} or {memory: auto} learns one"));
    }
    const int64_t capacity = cluster_capacity(ctx.state, ctx.placement);
    if (!apply) {
        return answer(resize_row(learning, stack, *spec, capacity, ctx.now_ms));
    }
    auto learned = learning.recommend(stack, service, capacity, ctx.now_ms);
    if (!learned) {
        const ServiceMemory* memory = learning.find(stack, service);
        int64_t seen = memory == nullptr ? 0 : memory->history.observed_ms;
        return answer(make_error("no recommendation for " + name +
                                 " yet: " + std::to_string(seen / 1000) + " s of " +
                                 std::to_string(learning.config().window.observation_ms / 1000) +
                                 " s of running time observed (edge-hub --memory-observation)"));
    }
    MemoryResize resize{stack, service, learned->limit, std::nullopt,
                        "by `edgectl service resize --apply` (learned from use)"};
    auto applied = resize_service(ctx, learning, resize);
    if (!applied) return answer(applied.error());
    Outcome outcome = std::move(*applied);
    const ServiceSpec* now = find_service(ctx.state, stack, service);
    if (now->memory_limit != learned->limit) {
        const ServiceMemory* memory = learning.find(stack, service);
        outcome.response = answer(make_error("cannot apply to " + name + ": " +
                                             (memory == nullptr ? std::string("it fits on no node")
                                                                : memory->pending_resize)))
                               .response;
        return outcome;
    }
    json row = resize_row(learning, stack, *now, capacity, ctx.now_ms);
    row["applied"] = true;
    outcome.response = answer(row).response;
    return outcome;
}

}  // namespace edge
