#include "schema/fetch_messages.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "schema/base64.h"
#include "schema/json_reader.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr int kVersion = 1;
constexpr size_t kMaxKeyLength = 256;
// A shipped blob is at most what one stack may ship; a deploy carries at most 64 MiB.
constexpr size_t kMaxDataLength = 96 * 1024 * 1024;

Result<json> parse(std::string_view payload) {
    json document = json::parse(payload, nullptr, false);
    if (document.is_discarded()) return make_error("not JSON");
    return document;
}

}  // namespace

std::string encode_fetch_request(const FetchRequest& request) {
    return json{{"v", kVersion}, {"id", request.id}, {"kind", request.kind}, {"key", request.key}}
        .dump();
}

Result<FetchRequest> decode_fetch_request(std::string_view payload) {
    auto document = parse(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    reader.integer("v", kVersion, kVersion);
    FetchRequest request;
    request.id = reader.string("id", 64);
    request.kind = reader.string("kind", 16);
    request.key = reader.string("key", kMaxKeyLength);
    if (reader.ok() && request.kind != kFetchBlob && request.kind != kFetchSecret) {
        reader.fail("kind", "blob or secret");
    }
    if (!reader.ok()) return make_error(error);
    return request;
}

std::string encode_fetch_response(const FetchResponse& response) {
    json object = {{"v", kVersion},
                   {"id", response.id},
                   {"kind", response.kind},
                   {"key", response.key},
                   {"ok", response.ok}};
    if (!response.error.empty()) object["error"] = response.error;
    if (response.ok) object["data"] = base64_encode(response.data);
    if (response.version != 0) object["version"] = response.version;
    return object.dump();
}

Result<FetchResponse> decode_fetch_response(std::string_view payload) {
    auto document = parse(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    reader.integer("v", kVersion, kVersion);
    FetchResponse response;
    response.id = reader.string("id", 64);
    response.kind = reader.string("kind", 16);
    response.key = reader.string("key", kMaxKeyLength);
    response.ok = reader.boolean("ok");
    response.error = reader.string("error", 4096, false);
    std::string data = reader.string("data", kMaxDataLength, false);
    response.version = reader.integer("version", 0, INT64_MAX, false);
    if (!reader.ok()) return make_error(error);
    auto decoded = base64_decode(data);
    if (!decoded) return decoded.error();
    response.data = std::move(*decoded);
    return response;
}

}  // namespace edge
