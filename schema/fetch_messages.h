// The messages of an agent's fetch (topics.h: <prefix>/nodes/<node>/fetch and .../fetched):
// the content of a shipped file or config by hash, or a secret's value by name. The desired
// set names only hashes and secret versions; values travel here, answered only to a node
// whose desired set references them, on a topic only that node may read, never retained.
//
//   FetchRequest  {"v":1,"id":ID,"kind":"blob"|"secret","key":HASH|NAME}
//   FetchResponse {"v":1,"id":ID,"kind","key","ok":BOOL,"error":TEXT?,"data":BASE64?,
//                  "version":N?}   (version: the secret's version)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

struct FetchRequest {
    std::string id;    // chosen by the agent, echoed in the response
    std::string kind;  // "blob" or "secret"
    std::string key;   // SHA-256 for a blob, the name for a secret
    bool operator==(const FetchRequest&) const = default;
};

struct FetchResponse {
    std::string id;
    std::string kind;
    std::string key;
    bool ok = false;
    std::string error;
    std::string data;  // decoded bytes
    int64_t version = 0;
    bool operator==(const FetchResponse&) const = default;
};

inline constexpr const char* kFetchBlob = "blob";
inline constexpr const char* kFetchSecret = "secret";

std::string encode_fetch_request(const FetchRequest& request);
Result<FetchRequest> decode_fetch_request(std::string_view payload);
std::string encode_fetch_response(const FetchResponse& response);
Result<FetchResponse> decode_fetch_response(std::string_view payload);

}  // namespace edge
