// The compose-file options `edgectl deploy` and `edgectl config render` share (-f, --stack,
// --env-file, --profile) and the one way both read a file with them: variables from
// edgectl's environment, the `.env` beside the file and each --env-file; profiles from
// --profile, else COMPOSE_PROFILES.
// Thread-safety: main's thread only (reads the process environment).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "compose/compose_parser.h"

namespace edge::ctl {

struct ComposeSource {
    std::string file;
    std::string stack;
    std::vector<std::string> env_files;
    std::vector<std::string> profiles;
};

// Registers -f/--file, --stack, --env-file and --profile on `command`. Without
// stack_required, the stack is named after the compose file's directory, as Compose names a
// project, when --stack is not given.
void add_compose_source_options(CLI::App& command, ComposeSource& source,
                                bool stack_required = true);

// "photos" for /home/me/Photos/compose.yaml: lowercase letters, digits and '-' of the
// directory's name; "stack" when nothing is left.
std::string default_stack_name(const std::string& compose_file);

// The parsed stack, with every warning (of the env files too) in `warnings`. On failure the
// error holds every error of the file, one a line.
Result<ParsedStack> load_compose_source(const ComposeSource& source,
                                        std::vector<std::string>& warnings);

}  // namespace edge::ctl
