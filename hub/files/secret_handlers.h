// Secrets and configs in the hub (docs/compose-files.md): the values a deploy brings (sealed
// and stored before the stack), the versions and hashes filled into the stack's references,
// and the requests of `edgectl secret|config create|ls|rm`.
//
//   op            args                                   data
//   secret.create {"name", "data": BASE64}               {"name","version"}
//   secret.ls     {}                                     [{"name","version","created_ms",
//                                                          "updated_ms","services":[S/N]}]
//   secret.rm     {"name"}                               {"name"}
//   config.create {"name", "data": BASE64}               {"name","hash"}
//   config.ls     {}                                     [{"name","hash","services":[S/N]}]
//   config.rm     {"name"}                               {"name"}
// rm is refused while a service uses the name, naming the service. A value is never in an
// answer, an event or a log line.
// Thread-safety: none; the hub's worker thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"
#include "schema/messages.h"

namespace edge {

// Seals and stores the secrets the deploy carries ([{"name","data"}]; a changed value gets a
// new version, so its services roll), then fills in every secret's version and every external
// config's hash. Fails on a secret or config the hub does not have.
Status resolve_secrets_and_configs(HandlerContext& ctx, StackSpec& stack,
                                   const nlohmann::json& secrets);

bool is_secret_or_config_op(const std::string& op);
Outcome handle_secret_or_config_request(HandlerContext& ctx, const std::string& op,
                                        const nlohmann::json& args);

}  // namespace edge
