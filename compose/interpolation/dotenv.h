// The `.env` format as Compose reads it, for the `.env` beside a compose file, `--env-file`
// and a service's `env_file:`. One `NAME=value` a line, optionally after `export `; blank
// lines and lines starting with `#` are skipped. Values:
//   unquoted       trimmed; ` #` starts a comment; ${VAR} is interpolated
//   'single'       taken literally, may span lines
//   "double"       \n \t \" \\ escapes; ${VAR} is interpolated; may span lines
// `NAME=` is the empty string; a bare `NAME` takes NAME from the outer variables and is left
// out when they do not have it. Interpolation sees the file's earlier names first, then the
// outer variables.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "compose/interpolation/interpolation.h"
#include "core/result.h"

namespace edge::compose {

// Errors and warnings read `FILE:LINE: message`.
Result<Variables> parse_dotenv(const std::string& text, const std::string& file_name,
                               const Variables& outer, std::vector<std::string>& warnings);

}  // namespace edge::compose
