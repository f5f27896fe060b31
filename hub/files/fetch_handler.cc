#include "hub/files/fetch_handler.h"

#include <spdlog/spdlog.h>

#include "hub/files/secret_cipher.h"
#include "hub/files/shipped_files.h"
#include "hub/state/desired_state.h"
#include "schema/fetch_messages.h"

namespace edge {

namespace {

FetchResponse refuse(const FetchRequest& request, const std::string& why) {
    return {request.id, request.kind, request.key, false, why, "", 0};
}

FetchResponse fetch_blob(const FetchContext& ctx, const std::vector<DesiredContainer>& wanted,
                         const FetchRequest& request) {
    auto referenced = referenced_blobs(ctx.store, wanted);
    if (!referenced) return refuse(request, "cannot read the store: " + referenced.error().message);
    if (!referenced->contains(request.key)) {
        return refuse(request, "no replica on this node mounts content " + request.key);
    }
    auto content = ctx.store.blob(request.key);
    if (!content) return refuse(request, "cannot read the store: " + content.error().message);
    if (!*content) return refuse(request, "the hub has no content " + request.key);
    return {request.id, request.kind, request.key, true, "", std::move(**content), 0};
}

FetchResponse fetch_secret(const FetchContext& ctx, const std::vector<DesiredContainer>& wanted,
                           const FetchRequest& request) {
    bool referenced = false;
    for (const auto& container : wanted) {
        for (const auto& secret : container.secrets) referenced |= secret.name == request.key;
    }
    if (!referenced) return refuse(request, "no replica on this node uses secret " + request.key);
    if (ctx.cipher == nullptr) return refuse(request, "the hub has no secret key");
    auto secrets = ctx.store.secrets();
    if (!secrets) return refuse(request, "cannot read the store: " + secrets.error().message);
    for (const auto& stored : *secrets) {
        if (stored.name != request.key) continue;
        auto value = ctx.cipher->open(stored.sealed, stored.name);
        if (!value) return refuse(request, "cannot unseal secret " + stored.name);
        return {request.id, request.kind, request.key, true, "", std::move(*value), stored.version};
    }
    return refuse(request, "no secret named " + request.key);
}

}  // namespace

Result<Outcome> handle_fetch(const FetchContext& ctx, const std::string& node,
                             std::string_view payload) {
    auto request = decode_fetch_request(payload);
    if (!request) return request.error();
    if (!ctx.state.nodes.contains(node)) return make_error("fetch from unknown node " + node);
    std::vector<DesiredContainer> wanted = desired_set(ctx.state, node).containers;
    FetchResponse response = request->kind == kFetchSecret ? fetch_secret(ctx, wanted, *request)
                                                           : fetch_blob(ctx, wanted, *request);
    if (!response.ok) {
        // Never the value; the key is a hash or a secret's name.
        spdlog::warn("refused fetch of {} {} by node {}: {}", request->kind, request->key, node,
                     response.error);
    }
    Outcome outcome;
    outcome.publications.push_back({ctx.topics.fetched(node), encode_fetch_response(response), 1});
    return outcome;
}

}  // namespace edge
