// What a deploy does with a stack's `secrets:` and `configs:` before sending it
// (docs/compose-files.md): each service reference gets the hub's name (stack_file_prefix and the
// key for what the stack defines, "<stack>_<key>" in `default`; the external name otherwise);
// the values of defined secrets are read (a file beside the compose file, the client's
// environment, or inline content) to travel once in the deploy request, which the hub seals at
// once; defined configs become content-addressed blobs like shipped files, with their hash in
// the reference.
// Thread-safety: reads its FileSource and GetEnv; no shared state.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compose/compose_parser.h"
#include "compose/shipping/ship_files.h"

namespace edge {

struct SecretValue {
    std::string name;  // the hub's name
    std::string value;
};

struct ShippedSecrets {
    std::vector<SecretValue> secrets;  // distinct by name
    std::vector<ShippedBlob> configs;  // distinct by hash
};

using GetEnv = std::function<const char*(const char*)>;

// Rewrites the references of `parsed.stack`, deployed in `environment`, in place. `files` holds
// what `file:` names; `compose_file` is named in messages.
Result<ShippedSecrets> ship_secrets_and_configs(ParsedStack& parsed, const std::string& environment,
                                                const std::string& compose_file,
                                                const FileSource& files, const GetEnv& getenv);

}  // namespace edge
