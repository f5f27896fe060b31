#include "hub/files/secret_cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "security/private_file.h"

namespace edge {

namespace {

constexpr std::string_view kMagic = "E1";
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* bytes(std::string& text) {
    return reinterpret_cast<unsigned char*>(text.data());
}

std::string to_hex(const std::string& raw) {
    static const char kHex[] = "0123456789abcdef";
    std::string text;
    for (unsigned char c : raw) {
        text += kHex[c >> 4];
        text += kHex[c & 0xf];
    }
    return text;
}

Result<std::string> from_hex(const std::string& text) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (text.size() % 2 != 0) return make_error("odd length");
    std::string raw;
    for (size_t i = 0; i < text.size(); i += 2) {
        int high = nibble(text[i]);
        int low = nibble(text[i + 1]);
        if (high < 0 || low < 0) return make_error("not lower-case hex");
        raw += static_cast<char>(high * 16 + low);
    }
    return raw;
}

}  // namespace

Result<SecretCipher> SecretCipher::from_key(std::string key) {
    if (key.size() != kSecretKeyBytes) return make_error("a secret key is 32 bytes");
    return SecretCipher(std::move(key));
}

Result<SecretCipher> SecretCipher::load_or_create(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        std::string key(kSecretKeyBytes, '\0');
        if (RAND_bytes(bytes(key), static_cast<int>(key.size())) != 1) {
            return make_error("the system's random number generator failed");
        }
        if (Status written = write_private_file(path, to_hex(key) + "\n"); !written) {
            return make_error("cannot create secret key file " + path + ": " +
                              written.error().message);
        }
        return from_key(std::move(key));
    }
    if ((info.st_mode & 077) != 0) {
        return make_error("secret key file " + path +
                          " may be read by others; chmod 600 it (and consider the secrets "
                          "exposed)");
    }
    std::ifstream in(path);
    std::string text;
    in >> text;
    auto key = from_hex(text);
    if (!in || !key || key->size() != kSecretKeyBytes) {
        return make_error("secret key file " + path + " does not hold a 256-bit key in hex");
    }
    return from_key(std::move(*key));
}

Result<std::string> SecretCipher::seal(std::string_view plain, std::string_view name) const {
    std::string nonce(kNonceBytes, '\0');
    if (RAND_bytes(bytes(nonce), kNonceBytes) != 1) {
        return make_error("the system's random number generator failed");
    }
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string cipher(plain.size() + kTagBytes, '\0');
    int length = 0;
    int tail = 0;
    bool ok = ctx &&
              EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(nonce)) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(name),
                                static_cast<int>(name.size())) == 1 &&
              EVP_EncryptUpdate(ctx.get(), bytes(cipher), &length, bytes(plain),
                                static_cast<int>(plain.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx.get(), bytes(cipher) + length, &tail) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                  bytes(cipher) + length + tail) == 1;
    if (!ok) return make_error("cannot seal the secret");
    cipher.resize(static_cast<size_t>(length + tail + kTagBytes));
    return std::string(kMagic) + nonce + cipher;
}

Result<std::string> SecretCipher::open(std::string_view sealed, std::string_view name) const {
    if (sealed.size() < kMagic.size() + kNonceBytes + kTagBytes ||
        sealed.substr(0, kMagic.size()) != kMagic) {
        return make_error("not a sealed secret");
    }
    std::string_view nonce = sealed.substr(kMagic.size(), kNonceBytes);
    std::string_view body = sealed.substr(kMagic.size() + kNonceBytes);
    std::string_view cipher = body.substr(0, body.size() - kTagBytes);
    std::string tag(body.substr(body.size() - kTagBytes));
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string plain(cipher.size(), '\0');
    int length = 0;
    int tail = 0;
    bool ok = ctx &&
              EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
              EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(nonce)) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(name),
                                static_cast<int>(name.size())) == 1 &&
              EVP_DecryptUpdate(ctx.get(), bytes(plain), &length, bytes(cipher),
                                static_cast<int>(cipher.size())) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) == 1 &&
              EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + length, &tail) == 1;
    if (!ok) return make_error("the sealed secret does not open: wrong key, name or data");
    plain.resize(static_cast<size_t>(length + tail));
    return plain;
}

}  // namespace edge
