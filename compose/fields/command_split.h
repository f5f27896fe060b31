// Splits a Compose `command:` or `entrypoint:` string into arguments the way a POSIX shell
// splits simple words: whitespace separates, single quotes keep everything literally, double
// quotes keep whitespace and honour \" \\ \$ and \` escapes, and a backslash outside quotes
// escapes the next character. No expansion of any kind happens.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge::compose {

// The error message names the problem only (e.g. "unterminated double quote"); the caller
// adds the location.
Result<std::vector<std::string>> split_command(const std::string& text);

}  // namespace edge::compose
