#include "compose/shipping/deploy_arguments.h"

#include "schema/base64.h"
#include "schema/messages.h"

namespace edge {

Result<nlohmann::json> deploy_arguments(ParsedStack& parsed, const DeployShipping& shipping,
                                        std::vector<std::string>& warnings) {
    auto shipped = ship_relative_binds(parsed.stack, shipping.ship);
    if (!shipped) return shipped.error();
    warnings.insert(warnings.end(), shipped->warnings.begin(), shipped->warnings.end());
    DiskFileSource disk(shipping.ship.compose_file, shipping.ship.home);
    const FileSource& files = shipping.ship.source != nullptr ? *shipping.ship.source : disk;
    auto secrets = ship_secrets_and_configs(parsed, shipping.environment,
                                            shipping.ship.compose_file, files, shipping.getenv);
    if (!secrets) return secrets.error();
    nlohmann::json blobs = nlohmann::json::array();
    for (const auto& blob : shipped->blobs) {
        blobs.push_back({{"hash", blob.hash}, {"data", base64_encode(blob.content)}});
    }
    for (const auto& config : secrets->configs) {
        blobs.push_back({{"hash", config.hash}, {"data", base64_encode(config.content)}});
    }
    nlohmann::json values = nlohmann::json::array();
    for (const auto& secret : secrets->secrets) {
        values.push_back({{"name", secret.name}, {"data", base64_encode(secret.value)}});
    }
    return nlohmann::json{
        {"stack", stack_to_json(parsed.stack)}, {"files", blobs}, {"secrets", values}};
}

}  // namespace edge
