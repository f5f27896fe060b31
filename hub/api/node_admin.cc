#include "hub/api/node_admin.h"

#include "core/names.h"
#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/store/rows.h"

namespace edge {

using nlohmann::json;

namespace {

Result<std::string> known_node(const HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "node", true);
    if (!name) return name.error();
    if (!ctx.state.nodes.contains(*name)) return make_error("no node named \"" + *name + "\"");
    return name;
}

Result<bool> bool_arg(const json& args, const char* key) {
    auto value = args.find(key);
    if (value == args.end() || value->is_null()) return false;
    if (!value->is_boolean()) {
        return make_error(std::string("argument \"") + key + "\": expected true or false");
    }
    return value->get<bool>();
}

int replicas_on(const ClusterState& state, const std::string& node) {
    int count = 0;
    for (const auto& replica : state.replicas) count += replica.node == node;
    return count;
}

}  // namespace

Outcome drain_node(HandlerContext& ctx, const json& args, bool drain) {
    auto name = known_node(ctx, args);
    if (!name) return answer(name.error());
    auto row = [&]() -> Result<json> {
        return node_row(ctx.state, ctx.observed, ctx.state.nodes.at(*name), ctx.placement);
    };
    if (ctx.state.nodes.at(*name).drained == drain) return answer(row());

    ClusterState next = ctx.state;
    next.nodes[*name].drained = drain;
    std::string message = drain ? "drained: its replicas move away and it gets no new ones"
                                : "activated: it may receive new replicas again";
    return commit_and_answer(ctx, std::move(next), {{0, ctx.now_ms, "node", *name, message}}, row);
}

Outcome remove_node(HandlerContext& ctx, const json& args) {
    auto name = known_node(ctx, args);
    if (!name) return answer(name.error());
    auto force = bool_arg(args, "force");
    if (!force) return answer(force.error());
    const NodeRecord& node = ctx.state.nodes.at(*name);
    if (node.state == NodeState::kReady && !*force) {
        return answer(make_error("node \"" + *name +
                                 "\" is ready; drain it and stop its agent first, or use --force"));
    }
    int moved = replicas_on(ctx.state, *name);
    DesiredSet final_set{*name, node.generation + 1, {}};
    std::string message = std::string("removed") +
                          (node.state == NodeState::kReady ? " (forced)" : "") + "; " +
                          std::to_string(moved) + " replica(s) re-placed";

    ClusterState next = ctx.state;
    next.nodes.erase(*name);
    std::string removed = *name;
    Outcome outcome = commit_and_answer(
        ctx, std::move(next), {{0, ctx.now_ms, "node", removed, message}}, [&]() -> Result<json> {
            return json{{"node", removed}, {"moved_replicas", moved}};
        });
    if (outcome.response && outcome.response->ok) outcome.final_sets.push_back(final_set);
    return outcome;
}

Outcome check_node_add(const json& args) {
    auto name = string_arg(args, "node", true);
    if (!name) return answer(name.error());
    if (Status valid = validate_name("node", *name); !valid) return answer(valid.error());
    return answer(json{{"node", *name}});
}

}  // namespace edge
