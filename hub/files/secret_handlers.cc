#include "hub/files/secret_handlers.h"

#include <map>

#include "core/names.h"
#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/files/secret_cipher.h"
#include "schema/base64.h"
#include "schema/requests.h"
#include "security/content_hash.h"

namespace edge {

using nlohmann::json;

namespace {

// The largest secret or config value, as Swarm allows.
constexpr size_t kMaxValueBytes = 500 * 1024;

Result<std::string> data_arg(const json& args) {
    auto text = string_arg(args, "data", true);
    if (!text) return text.error();
    auto data = base64_decode(*text);
    if (!data) return make_error("argument \"data\": " + data.error().message);
    if (data->size() > kMaxValueBytes) return make_error("a value may hold at most 500 KiB");
    return data;
}

// "stack/service" for every service, current or kept for rollback, that uses `name`.
std::vector<std::string> users_of(const ClusterState& state, const std::string& name, bool secret) {
    std::vector<std::string> users;
    for (const auto& [stack_name, stack] : state.stacks) {
        for (const auto& service : stack.spec.services) {
            const auto& refs = secret ? service.secrets : service.configs;
            for (const auto& ref : refs) {
                if (ref.name == name) {
                    users.push_back(stack_name + "/" + service.name);
                    break;
                }
            }
        }
    }
    return users;
}

Result<const StoredSecret*> find_secret(const std::vector<StoredSecret>& secrets,
                                        const std::string& name) {
    for (const auto& secret : secrets) {
        if (secret.name == name) return &secret;
    }
    return static_cast<const StoredSecret*>(nullptr);
}

// Seals and stores `value` as `name`; keeps the version when the value is unchanged.
Result<int64_t> store_secret(HandlerContext& ctx, const std::string& name, const std::string& value,
                             const StoredSecret* existing) {
    if (ctx.cipher == nullptr) return make_error("the hub has no secret key");
    if (existing != nullptr) {
        auto old = ctx.cipher->open(existing->sealed, name);
        if (old && *old == value) return existing->version;
    }
    auto sealed = ctx.cipher->seal(value, name);
    if (!sealed) return sealed.error();
    StoredSecret secret{name, existing == nullptr ? 1 : existing->version + 1, std::move(*sealed),
                        existing == nullptr ? ctx.now_ms : existing->created_ms, ctx.now_ms};
    if (Status s = ctx.store.put_secret(secret); !s) return s.error();
    return secret.version;
}

Outcome with_event(HandlerContext& ctx, const std::string& kind, const std::string& name,
                   const std::string& message, json data) {
    ClusterState unchanged = ctx.state;
    return commit_and_answer(ctx, std::move(unchanged), {{0, ctx.now_ms, kind, name, message}},
                             [&]() -> Result<json> { return data; });
}

Outcome create_secret(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "name", true);
    if (!name) return answer(name.error());
    if (Status valid = validate_file_object_name("secret", *name); !valid)
        return answer(valid.error());
    auto data = data_arg(args);
    if (!data) return answer(data.error());
    auto secrets = ctx.store.secrets();
    if (!secrets) return answer(secrets.error());
    if (*find_secret(*secrets, *name) != nullptr) {
        return answer(make_error("secret \"" + *name +
                                 "\" exists; remove it first, or change it with a deploy of the "
                                 "stack that defines it"));
    }
    auto version = store_secret(ctx, *name, *data, nullptr);
    if (!version) return answer(version.error());
    return with_event(ctx, "secret", *name, "secret created",
                      {{"name", *name}, {"version", *version}});
}

Outcome list_secrets(HandlerContext& ctx) {
    auto secrets = ctx.store.secrets();
    if (!secrets) return answer(secrets.error());
    json rows = json::array();
    for (const auto& secret : *secrets) {
        rows.push_back({{"name", secret.name},
                        {"version", secret.version},
                        {"created_ms", secret.created_ms},
                        {"updated_ms", secret.updated_ms},
                        {"services", users_of(ctx.state, secret.name, true)}});
    }
    return answer(rows);
}

Outcome remove(HandlerContext& ctx, const json& args, bool secret) {
    const char* kind = secret ? "secret" : "config";
    auto name = string_arg(args, "name", true);
    if (!name) return answer(name.error());
    std::vector<std::string> users = users_of(ctx.state, *name, secret);
    if (!users.empty()) {
        std::string list;
        for (const auto& user : users) list += (list.empty() ? "" : ", ") + user;
        return answer(make_error(std::string(kind) + " \"" + *name + "\" is in use by service " +
                                 list + "; remove it from the service first"));
    }
    bool exists = false;
    if (secret) {
        auto secrets = ctx.store.secrets();
        if (!secrets) return answer(secrets.error());
        exists = *find_secret(*secrets, *name) != nullptr;
    } else {
        auto configs = ctx.store.configs();
        if (!configs) return answer(configs.error());
        exists = configs->contains(*name);
    }
    if (!exists) return answer(make_error("no " + std::string(kind) + " named \"" + *name + "\""));
    Status removed = secret ? ctx.store.remove_secret(*name) : ctx.store.remove_config(*name);
    if (!removed) return answer(removed.error());
    return with_event(ctx, kind, *name, std::string(kind) + " removed", {{"name", *name}});
}

Outcome create_config(HandlerContext& ctx, const json& args) {
    auto name = string_arg(args, "name", true);
    if (!name) return answer(name.error());
    if (Status valid = validate_file_object_name("config", *name); !valid)
        return answer(valid.error());
    auto data = data_arg(args);
    if (!data) return answer(data.error());
    auto configs = ctx.store.configs();
    if (!configs) return answer(configs.error());
    if (configs->contains(*name)) {
        return answer(make_error("config \"" + *name + "\" exists; remove it first"));
    }
    std::string hash = sha256_hex(*data);
    if (Status s = ctx.store.put_config(*name, {hash, std::move(*data)}, ctx.now_ms); !s) {
        return answer(s.error());
    }
    return with_event(ctx, "config", *name, "config created", {{"name", *name}, {"hash", hash}});
}

Outcome list_configs(HandlerContext& ctx) {
    auto configs = ctx.store.configs();
    if (!configs) return answer(configs.error());
    json rows = json::array();
    for (const auto& [name, hash] : *configs) {
        rows.push_back(
            {{"name", name}, {"hash", hash}, {"services", users_of(ctx.state, name, false)}});
    }
    return answer(rows);
}

}  // namespace

Status resolve_secrets_and_configs(HandlerContext& ctx, StackSpec& stack, const json& sent) {
    auto stored = ctx.store.secrets();
    if (!stored) return stored.error();
    std::map<std::string, int64_t> versions;
    for (const auto& secret : *stored) versions[secret.name] = secret.version;
    if (!sent.is_null()) {
        if (!sent.is_array()) return make_error("argument \"secrets\": expected an array");
        for (const auto& item : sent) {
            if (!item.is_object()) return make_error("argument \"secrets\": expected objects");
            auto name = string_arg(item, "name", true);
            if (!name) return name.error();
            if (Status valid = validate_file_object_name("secret", *name); !valid) return valid;
            auto data = data_arg(item);
            if (!data) return data.error();
            auto version = store_secret(ctx, *name, *data, *find_secret(*stored, *name));
            if (!version) return version.error();
            versions[*name] = *version;
        }
    }
    auto configs = ctx.store.configs();
    if (!configs) return configs.error();
    for (auto& service : stack.services) {
        for (auto& secret : service.secrets) {
            auto found = versions.find(secret.name);
            if (found == versions.end()) {
                return make_error("service " + service.name + ": secret \"" + secret.name +
                                  "\" does not exist; create it with edgectl secret create " +
                                  secret.name);
            }
            secret.version = found->second;
        }
        for (auto& config : service.configs) {
            if (!config.content_hash.empty()) continue;
            auto found = configs->find(config.name);
            if (found == configs->end()) {
                return make_error("service " + service.name + ": config \"" + config.name +
                                  "\" does not exist; create it with edgectl config create " +
                                  config.name);
            }
            config.content_hash = found->second;
        }
    }
    return ok_status();
}

bool is_secret_or_config_op(const std::string& op) {
    return op == ops::kSecretCreate || op == ops::kSecretList || op == ops::kSecretRemove ||
           op == ops::kConfigCreate || op == ops::kConfigList || op == ops::kConfigRemove;
}

Outcome handle_secret_or_config_request(HandlerContext& ctx, const std::string& op,
                                        const json& args) {
    if (op == ops::kSecretCreate) return create_secret(ctx, args);
    if (op == ops::kSecretList) return list_secrets(ctx);
    if (op == ops::kSecretRemove) return remove(ctx, args, true);
    if (op == ops::kConfigCreate) return create_config(ctx, args);
    if (op == ops::kConfigList) return list_configs(ctx);
    return remove(ctx, args, false);
}

}  // namespace edge
