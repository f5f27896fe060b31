// Where contexts.json lives and how it is read and written: $XDG_CONFIG_HOME/edgeorch/
// (default ~/.config/edgeorch/), mode 0600 because contexts hold broker passwords, written
// atomically so an interrupted edgectl never leaves half a file.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "core/result.h"
#include "edgectl/contexts.h"

namespace edge::ctl {

// The process environment as an EnvLookup (unset and empty variables are nullopt).
std::optional<std::string> process_env(const std::string& name);

// $XDG_CONFIG_HOME/edgeorch/contexts.json, else $HOME/.config/edgeorch/contexts.json.
Result<std::string> context_book_path(const EnvLookup& env);

// A missing file is an empty book. A file others can read is refused: its passwords are
// already exposed, and saying so is better than using them quietly.
Result<ContextBook> load_context_book(const std::string& path);

// Creates the directory (mode 0700) if needed and replaces the file atomically, mode 0600.
Status save_context_book(const std::string& path, const ContextBook& book);

}  // namespace edge::ctl
