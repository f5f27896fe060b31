// Random secrets (passwords, join tokens) from the system's CSPRNG, and the password hash the
// broker's dynamic-security plugin stores.
// Thread-safety: stateless; OpenSSL's RNG is thread-safe.
#pragma once

#include <string>

#include "core/result.h"
#include "security/broker/dynsec_roles.h"

namespace edge {

// `bytes` random bytes as lowercase hex (2 * bytes characters).
Result<std::string> random_secret(size_t bytes = 24);

// PBKDF2-HMAC-SHA512 over a fresh random salt, as Mosquitto 2.0's dynamic-security plugin
// verifies passwords (and as `mosquitto_ctrl dynsec init` writes them).
Result<PasswordHash> hash_password(const std::string& password);

}  // namespace edge
