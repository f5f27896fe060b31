// A deploy request's arguments for a parsed stack: the stack with its relative binds, secrets
// and configs resolved (ship_files.h, ship_secrets.h), and what travels with it, as
// {"stack", "files": [{"hash", "data"}], "secrets": [{"name", "data"}]} (schema/requests.h,
// base64 data). edgectl builds them from the disk beside the compose file; the HTTP API from the
// files uploaded with the compose text, so both ship a stack the same way.
// Thread-safety: reads its FileSource and GetEnv; no shared state.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compose/shipping/ship_secrets.h"

namespace edge {

struct DeployShipping {
    ShipOptions ship;         // the compose file's name, `~`, the size budget, the FileSource
    std::string environment;  // where the stack deploys: its own secrets are named for it
    GetEnv getenv;            // for secrets taken from the environment
};

// Fails, naming file and key, on the first thing it cannot ship; warnings (special files
// skipped in a shipped directory) are added to `warnings`.
Result<nlohmann::json> deploy_arguments(ParsedStack& parsed, const DeployShipping& shipping,
                                        std::vector<std::string>& warnings);

}  // namespace edge
