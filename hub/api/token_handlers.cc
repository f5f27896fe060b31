#include "hub/api/token_handlers.h"

#include "core/names.h"
#include "hub/api/answer.h"
#include "hub/api/log_handlers.h"
#include "hub/api/query_handlers.h"
#include "hub/jobs/job_handlers.h"
#include "schema/requests.h"
#include "security/content_hash.h"
#include "security/secrets.h"

namespace edge {

namespace {

using nlohmann::json;

constexpr const char* kTokenPrefix = "edge_";

Result<json> create_token(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "name", true);
    if (!name) return name.error();
    if (Status valid = validate_name("token", *name); !valid) return valid.error();
    auto existing = ctx.store.api_tokens();
    if (!existing) return existing.error();
    for (const auto& token : *existing) {
        if (token.name == *name) {
            return make_error("a token named \"" + *name +
                              "\" exists; remove it first (edgectl token rm " + *name + ")");
        }
    }
    auto secret = random_secret(32);
    if (!secret) return secret.error();
    const std::string token = kTokenPrefix + *secret;
    const bool read_only = args.value("read_only", json(false)) == json(true);
    StoredApiToken stored{*name, sha256_hex(token), read_only, ctx.now_ms};
    if (Status put = ctx.store.put_api_token(stored); !put) return put.error();
    return json{{"name", *name}, {"token", token}, {"read_only", read_only}};
}

Result<json> list_tokens(HandlerContext& ctx) {
    auto tokens = ctx.store.api_tokens();
    if (!tokens) return tokens.error();
    json rows = json::array();
    for (const auto& token : *tokens) {
        rows.push_back({{"name", token.name},
                        {"read_only", token.read_only},
                        {"created_ms", token.created_ms}});
    }
    return rows;
}

Result<json> remove_token(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "name", true);
    if (!name) return name.error();
    auto tokens = ctx.store.api_tokens();
    if (!tokens) return tokens.error();
    bool found = false;
    for (const auto& token : *tokens) found = found || token.name == *name;
    if (!found) return make_error("no token named \"" + *name + "\"");
    if (Status removed = ctx.store.remove_api_token(*name); !removed) return removed.error();
    return json{{"name", *name}};
}

}  // namespace

bool is_token_op(const std::string& op) {
    return op == ops::kTokenCreate || op == ops::kTokenList || op == ops::kTokenRemove;
}

Outcome handle_token_request(HandlerContext& ctx, const std::string& op, const json& args) {
    if (op == ops::kTokenCreate) return answer(create_token(ctx, args));
    if (op == ops::kTokenList) return answer(list_tokens(ctx));
    return answer(remove_token(ctx, args));
}

bool is_read_only_op(const std::string& op) {
    return op == ops::kStackList || op == ops::kServiceList || op == ops::kServicePs ||
           op == ops::kNodeList || op == ops::kEvents || op == ops::kEnvList ||
           op == ops::kSecretList || op == ops::kConfigList || is_read_only_job_op(op) ||
           is_logs_op(op);
}

Result<std::optional<StoredApiToken>> find_api_token(Store& store, const std::string& token) {
    if (token.rfind(kTokenPrefix, 0) != 0) return std::optional<StoredApiToken>();
    auto tokens = store.api_tokens();
    if (!tokens) return tokens.error();
    const std::string hash = sha256_hex(token);
    for (const auto& stored : *tokens) {
        if (stored.hash == hash) return std::optional<StoredApiToken>(stored);
    }
    return std::optional<StoredApiToken>();
}

}  // namespace edge
