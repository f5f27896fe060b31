#include "security/secrets.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace edge {

namespace {

// The plugin's own choices: a 12-byte salt and 101 iterations, so hashes we write look like
// the ones it writes itself.
constexpr int kSaltBytes = 12;
constexpr int kIterations = 101;
constexpr int kHashBytes = 64;  // SHA-512

std::string base64(const unsigned char* data, size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<size_t>(written));
    return out;
}

}  // namespace

Result<std::string> random_secret(size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        return make_error("the system's random number generator failed");
    }
    static const char kHex[] = "0123456789abcdef";
    std::string text;
    for (unsigned char byte : raw) {
        text += kHex[byte >> 4];
        text += kHex[byte & 0xf];
    }
    return text;
}

Result<PasswordHash> hash_password(const std::string& password) {
    unsigned char salt[kSaltBytes];
    if (RAND_bytes(salt, kSaltBytes) != 1) {
        return make_error("the system's random number generator failed");
    }
    unsigned char hash[kHashBytes];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, kSaltBytes,
                          kIterations, EVP_sha512(), kHashBytes, hash) != 1) {
        return make_error("cannot hash a password");
    }
    return PasswordHash{base64(hash, kHashBytes), base64(salt, kSaltBytes), kIterations};
}

}  // namespace edge
