#include "hub/notify/environment_webhooks.h"

#include "core/environments.h"
#include "hub/files/secret_cipher.h"

namespace edge {

namespace {

std::string sealing_name(const std::string& environment) {
    return "environment-webhooks:" + environment;
}

}  // namespace

Result<std::string> seal_environment_webhooks(const SecretCipher* cipher,
                                              const std::string& environment,
                                              const std::vector<std::string>& lines) {
    if (lines.empty()) return std::string();
    for (const auto& line : lines) {
        if (auto webhook = parse_webhook(line); !webhook) {
            return make_error("webhook \"" + line + "\": " + webhook.error().message);
        }
    }
    if (cipher == nullptr) {
        return make_error(
            "the hub has no secret key, and webhook URLs are stored sealed with it; start "
            "edge-hub with its secrets.key");
    }
    return cipher->seal(nlohmann::json(lines).dump(), sealing_name(environment));
}

Result<std::vector<std::string>> open_environment_webhooks(const SecretCipher* cipher,
                                                           const StoredEnvironment& environment) {
    if (environment.webhooks_sealed.empty()) return std::vector<std::string>{};
    if (cipher == nullptr) {
        return make_error("environment " + environment.name +
                          " has webhooks, and the hub has no secret key to open them");
    }
    auto plain = cipher->open(environment.webhooks_sealed, sealing_name(environment.name));
    if (!plain) {
        return make_error("environment " + environment.name +
                          ": cannot open its webhooks: " + plain.error().message);
    }
    nlohmann::json lines = nlohmann::json::parse(*plain, nullptr, false);
    if (!lines.is_array()) {
        return make_error("environment " + environment.name + ": its webhooks are not a list");
    }
    std::vector<std::string> result;
    for (const auto& line : lines) {
        if (line.is_string()) result.push_back(line.get<std::string>());
    }
    return result;
}

Result<std::map<std::string, std::vector<Webhook>>> load_environment_webhooks(
    Store& store, const SecretCipher* cipher) {
    auto environments = store.environments();
    if (!environments) return environments.error();
    std::map<std::string, std::vector<Webhook>> by_environment;
    for (const auto& environment : *environments) {
        auto lines = open_environment_webhooks(cipher, environment);
        if (!lines) return lines.error();
        for (const auto& line : *lines) {
            auto webhook = parse_webhook(line);
            if (!webhook)
                return make_error("environment " + environment.name +
                                  ": webhook: " + webhook.error().message);
            by_environment[environment.name].push_back(*webhook);
        }
    }
    return by_environment;
}

std::string event_environment(const ClusterState& state, const Event& event) {
    std::string key = event.subject.substr(0, event.subject.find('/'));
    // Deploys and removals name a stack that may be gone by now; other kinds name nodes too.
    bool stack_event = state.stacks.contains(key) || event.kind == "deploy" ||
                       event.kind == "remove" || key.find('@') != std::string::npos;
    if (!stack_event || !validate_stack_key(key)) return "";
    return split_stack_key(key).environment;
}

}  // namespace edge
