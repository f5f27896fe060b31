// SHA-256 content hashes through OpenSSL's EVP API: shipped files and configs are stored and
// fetched by the SHA-256 of their content (docs/compose-files.md).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace edge {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace edge
