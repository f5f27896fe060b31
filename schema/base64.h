// Standard base64 (RFC 4648, padded): binary content (shipped files, secrets) travels in JSON
// messages this way.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

std::string base64_encode(std::string_view data);
// Refuses anything but canonical padded base64.
Result<std::string> base64_decode(std::string_view text);

}  // namespace edge
