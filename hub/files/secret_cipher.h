// Secrets at rest: sealed with AES-256-GCM (OpenSSL EVP) under a 256-bit key kept in its own
// file (mode 0600), apart from the database and its backups. Each value gets a fresh random
// 96-bit nonce; the secret's name is authenticated with it, so a sealed value moved to another
// name (in the database, or a restored backup) fails to open rather than leak into the wrong
// container. Sealed form: "E1" | nonce (12) | ciphertext | tag (16).
// Thread-safety: const methods are safe to call concurrently.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

inline constexpr size_t kSecretKeyBytes = 32;

class SecretCipher {
  public:
    // `key` is kSecretKeyBytes raw bytes.
    static Result<SecretCipher> from_key(std::string key);
    // Reads the key file, or creates it (random key, mode 0600, written atomically) when it
    // does not exist. Refuses a file others may read, or one that is not a key.
    static Result<SecretCipher> load_or_create(const std::string& path);

    Result<std::string> seal(std::string_view plain, std::string_view name) const;
    // Fails on a wrong key, a wrong name, or any change to the sealed bytes.
    Result<std::string> open(std::string_view sealed, std::string_view name) const;

  private:
    explicit SecretCipher(std::string key) : key_(std::move(key)) {}
    std::string key_;
};

}  // namespace edge
