// What a compose file is read with, besides its text: the variables it is interpolated with,
// the active profiles, and a way to read the files it names. The parser stays pure: the
// caller gathers these (edgectl from its environment, `.env` and `--env-file`).
// Thread-safety: a plain value; read_file must be safe to call from the parsing thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge::compose {

using Variables = std::map<std::string, std::string>;

struct ComposeInputs {
    // For ${NAME} interpolation and for bare `environment: [NAME]` entries.
    Variables variables;
    // A service with `profiles:` is kept only when one of them is listed here; "*" keeps all.
    std::vector<std::string> profiles;
    // Reads a file named in the compose file (env_file:), with the path as written there;
    // relative paths are the reader's to resolve. Empty: such files cannot be read.
    std::function<Result<std::string>(const std::string& path)> read_file;
};

}  // namespace edge::compose
