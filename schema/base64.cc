#include "schema/base64.h"

#include <cstdint>
#include <string>

namespace edge {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (size_t i = 0; i < data.size(); i += 3) {
        uint32_t chunk = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) chunk |= static_cast<unsigned char>(data[i + 1]) << 8;
        if (i + 2 < data.size()) chunk |= static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[(chunk >> 18) & 63];
        out += kAlphabet[(chunk >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
        out += i + 2 < data.size() ? kAlphabet[chunk & 63] : '=';
    }
    return out;
}

Result<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return make_error("data is not base64");
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        uint32_t chunk = 0;
        int padding = 0;
        for (size_t j = 0; j < 4; ++j) {
            char c = text[i + j];
            const char* found =
                c == '\0' ? nullptr : std::char_traits<char>::find(kAlphabet, 64, c);
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                ++padding;
                chunk <<= 6;
                continue;
            }
            if (found == nullptr || padding > 0) return make_error("data is not base64");
            chunk = (chunk << 6) | static_cast<uint32_t>(found - kAlphabet);
        }
        out += static_cast<char>((chunk >> 16) & 0xff);
        if (padding < 2) out += static_cast<char>((chunk >> 8) & 0xff);
        if (padding < 1) out += static_cast<char>(chunk & 0xff);
    }
    return out;
}

}  // namespace edge
