#include "compose/shipping/ship_secrets.h"

#include <map>

#include "core/environments.h"
#include "security/content_hash.h"

namespace edge {

namespace {

using Source = FileDefinition::Source;

// Swarm's limit for one secret or config.
constexpr size_t kMaxValueBytes = 500 * 1024;

Result<std::string> read_value(const FileDefinition& definition, const FileSource& files,
                               const GetEnv& getenv) {
    switch (definition.source) {
        case Source::kContent:
            return definition.value;
        case Source::kEnvironment: {
            const char* value = getenv(definition.value.c_str());
            if (value == nullptr)
                return make_error("environment variable " + definition.value + " is not set");
            return std::string(value);
        }
        case Source::kFile: {
            auto path = files.resolve(definition.value);
            if (!path) return path.error();
            auto content = files.read(*path);
            if (!content) return content.error();
            if (content->size() > kMaxValueBytes) {
                return make_error(*path + " is larger than 500 KiB");
            }
            return content;
        }
        case Source::kExternal:
            break;
    }
    return make_error("an external value is kept by the hub");
}

}  // namespace

Result<ShippedSecrets> ship_secrets_and_configs(ParsedStack& parsed, const std::string& environment,
                                                const std::string& compose_file,
                                                const FileSource& files, const GetEnv& getenv) {
    ShippedSecrets out;
    std::map<std::string, bool> secret_seen;
    std::map<std::string, bool> config_seen;
    const std::string prefix = stack_file_prefix(environment, parsed.stack.name);
    for (auto& service : parsed.stack.services) {
        for (auto [refs, definitions, is_secret] :
             {std::tuple{&service.secrets, &parsed.secrets, true},
              std::tuple{&service.configs, &parsed.configs, false}}) {
            for (auto& ref : *refs) {
                std::string key = ref.name;
                auto found = definitions->find(key);
                if (found == definitions->end()) continue;  // the parser checked every name
                const FileDefinition& definition = found->second;
                std::string where =
                    compose_file + ": " + (is_secret ? "secrets." : "configs.") + key;
                if (definition.source == Source::kExternal) {
                    ref.name = definition.value.empty() ? key : definition.value;
                    continue;
                }
                ref.name = prefix + key;
                auto value = read_value(definition, files, getenv);
                if (!value) return make_error(where + ": " + value.error().message);
                if (is_secret) {
                    if (!secret_seen[ref.name]) out.secrets.push_back({ref.name, *value});
                    secret_seen[ref.name] = true;
                } else {
                    ref.content_hash = sha256_hex(*value);
                    if (!config_seen[ref.content_hash])
                        out.configs.push_back({ref.content_hash, *value});
                    config_seen[ref.content_hash] = true;
                }
            }
        }
    }
    return out;
}

}  // namespace edge
