#include "hub/api/promote_handler.h"

#include "core/environments.h"
#include "core/promote.h"
#include "hub/api/answer.h"
#include "hub/api/environment_handlers.h"
#include "hub/api/environment_scope.h"
#include "hub/api/query_handlers.h"
#include "hub/api/request_handlers.h"
#include "hub/store/rows.h"

namespace edge {

using nlohmann::json;

namespace {

Result<std::string> environment_name(const json& args, const char* key) {
    auto name = string_arg(args, key, true);
    if (!name) return name.error();
    if (Status valid = validate_environment_name(*name); !valid) {
        return make_error(std::string("argument \"") + key + "\": " + valid.error().message);
    }
    return name;
}

// What each replica of the source stack runs: a digest only for a replica running its current
// spec, since an outdated or exited container says nothing about what the stack runs now.
std::map<std::string, std::vector<ReplicaImage>> source_images(const HandlerContext& ctx,
                                                               const std::string& key) {
    std::map<std::string, std::vector<ReplicaImage>> images;
    DesiredNetworking networking(ctx.state);
    for (const auto& replica : ctx.state.replicas) {
        if (replica.key.stack != key) continue;
        json row = replica_row(ctx.state, ctx.observed, replica, networking);
        std::string digest =
            row.value("state", "") == "running" ? row.value("image_digest", "") : "";
        images[replica.key.service].push_back({replica.key.replica, replica.node, digest});
    }
    return images;
}

json images_of(const StackSpec& stack) {
    json images = json::object();
    for (const auto& service : stack.services) images[service.name] = service.image;
    return images;
}

// The images confirmed after the preview must be the ones pinning gives now.
Status check_expected(const json& args, const json& images, const std::string& source) {
    auto expected = args.find("images");
    if (expected == args.end() || expected->is_null()) return ok_status();
    if (!expected->is_object()) return make_error("argument \"images\": expected an object");
    if (*expected == images) return ok_status();
    return make_error("what " + source + " runs changed since the preview (now " + images.dump() +
                      ", previewed " + expected->dump() + "); promote again to see the change");
}

}  // namespace

Outcome promote_stack(HandlerContext& ctx, const json& args) {
    auto stack = string_arg(args, "stack", true);
    if (!stack) return answer(stack.error());
    if (Status valid = validate_name("stack", *stack); !valid) return answer(valid.error());
    auto from = environment_name(args, "from");
    if (!from) return answer(from.error());
    auto to = environment_name(args, "to");
    if (!to) return answer(to.error());
    if (*from == *to) return answer(make_error("--from and --to both name " + *from));
    const std::string source = stack_key(*from, *stack);
    auto record = ctx.state.stacks.find(source);
    if (record == ctx.state.stacks.end()) {
        return answer(make_error("no stack named \"" + *stack + "\" in environment " + *from));
    }
    auto source_settings = environment_settings(ctx.store, *from);
    if (!source_settings) return answer(source_settings.error());

    auto pinned = pin_stack_images(record->second.spec, source, source_images(ctx, source));
    if (!pinned) return answer(pinned.error());
    pinned->name = *stack;
    // The spec as the compose file had it: the target applies its own constraints and factor.
    remove_environment_constraints(*pinned, source_settings->constraints);
    remove_memory_factor(*pinned, source_settings->memory_factor);
    std::vector<std::string> external = rename_stack_secrets(
        *pinned, stack_file_prefix(*from, *stack), stack_file_prefix(*to, *stack));
    if (args.contains(kConfinedArgument) && !external.empty()) {
        // An identity limited to `to` must not give it a secret another environment uses.
        return answer(make_error("this identity may act only in environment " + *to +
                                 ": the stack uses the secret \"" + external.front() +
                                 "\", which is not its own; the cluster-wide identity can "
                                 "promote it"));
    }
    const json images = images_of(*pinned);
    if (Status same = check_expected(args, images, source); !same) return answer(same.error());

    json deploy_args = {{"stack", stack_to_json(*pinned)}, {"environment", *to}, {"dry_run", true}};
    // The preview, also for a real promote: its "changes" against what `to` ran before.
    Outcome preview = deploy_stack(ctx, deploy_args);
    if (!preview.response || !preview.response->ok) return preview;
    json previewed = std::move(preview.response->data);
    const bool dry_run = args.value("dry_run", json(false)) == json(true);
    Outcome outcome;
    if (dry_run) {
        outcome = std::move(preview);
        outcome.response->data = std::move(previewed);
    } else {
        deploy_args["dry_run"] = false;
        outcome = deploy_stack(ctx, deploy_args);
        if (!outcome.response || !outcome.response->ok) return outcome;
        outcome.response->data["changes"] = previewed["changes"];
    }
    json& data = outcome.response->data;
    data["from"] = *from;
    data["to"] = *to;
    data["source"] = source;
    data["images"] = images;
    return outcome;
}

}  // namespace edge
