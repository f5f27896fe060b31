// The Compose file parser: a compose.yaml becomes a StackSpec plus warnings for everything
// edgeorch accepts but does not act on. Values are interpolated with the variables given
// (compose/interpolation/interpolation.h) before they are read. Errors name the file, line and
// dotted key
// (`compose.yaml:14: services.web.deploy.replicas: expected an integer from 0 to 1000, got "x"`);
// a file with several mistakes gets all of them in one error, one a line, sorted by line.
// The input is untrusted: size, nesting depth and alias expansion are bounded, and no
// exception leaves these functions.
// Thread-safety: pure functions (parse_compose_file also reads the file); safe to call
// concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compose/compose_inputs.h"
#include "compose/file_definitions.h"
#include "core/model.h"
#include "core/result.h"

namespace edge {

// Real Compose files are a few KiB; anything this large is a mistake or an attack.
inline constexpr size_t kMaxComposeFileSize = 1024 * 1024;

struct ParsedStack {
    StackSpec stack;
    std::vector<std::string> warnings;  // `FILE:LINE: KEY: message`, in file order
    // The top-level `secrets:` and `configs:` (compose/fields/secrets_configs.h), for edgectl to
    // read.
    FileDefinitions secrets;
    FileDefinitions configs;
};

// file_name appears in messages only. stack_name names the stack; a top-level `name:` in
// the file is ignored so that the name always comes from the command line.
Result<ParsedStack> parse_compose_text(const std::string& text, const std::string& file_name,
                                       const std::string& stack_name,
                                       const compose::ComposeInputs& inputs = {});

// Reads the file (at most kMaxComposeFileSize bytes) and parses it; path is the file name
// in messages. Unless inputs has a reader, files the compose file names (env_file:) are read
// relative to its directory.
Result<ParsedStack> parse_compose_file(const std::string& path, const std::string& stack_name,
                                       compose::ComposeInputs inputs = {});

// The variables a compose file is interpolated with, as `docker compose` gathers them: a
// name is taken from the first of `environment` (edgectl's own), the `.env` file beside the
// compose file (when it exists), and the env_files in reverse order (the last one given wins
// among them). Warnings (unset names inside those files) are appended to `warnings`.
Result<compose::Variables> gather_variables(const std::string& compose_path,
                                            const std::vector<std::string>& env_files,
                                            const compose::Variables& environment,
                                            std::vector<std::string>& warnings);

// The process's environment as variables (the I/O edge of gather_variables' first source).
compose::Variables process_environment();

}  // namespace edge
