#include "security/join_messages.h"

#include "core/names.h"
#include "schema/json_reader.h"
#include "schema/messages.h"

namespace edge {

using nlohmann::json;

namespace {

// Passwords and tokens are 48 hex characters; usernames are "node:" plus a node name.
constexpr size_t kMaxSecretLength = 256;
// A join message is tiny; anything larger is not one.
constexpr size_t kMaxJoinMessageBytes = 4096;

Result<json> parse_join_message(std::string_view payload) {
    if (payload.size() > kMaxJoinMessageBytes) {
        return make_error("join message of " + std::to_string(payload.size()) +
                          " bytes exceeds the limit of " + std::to_string(kMaxJoinMessageBytes));
    }
    return parse_message_envelope(payload);
}

Result<std::string> read_node(JsonReader& reader, std::string* error) {
    std::string node = reader.string("node", kMaxNameLength);
    if (!reader.ok()) return make_error(*error);
    if (Status valid = validate_name("node", node); !valid) return valid.error();
    return node;
}

}  // namespace

std::string encode_join_request(const std::string& node) {
    return json{{"v", kSchemaVersion}, {"node", node}}.dump();
}

Result<std::string> decode_join_request(std::string_view payload) {
    auto document = parse_join_message(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    return read_node(reader, &error);
}

std::string encode_join_response(const NodeCredentials& credentials) {
    return json{{"v", kSchemaVersion},
                {"node", credentials.node},
                {"username", credentials.username},
                {"password", credentials.password}}
        .dump();
}

Result<NodeCredentials> decode_join_response(std::string_view payload) {
    auto document = parse_join_message(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    auto node = read_node(reader, &error);
    if (!node) return node.error();
    NodeCredentials credentials{*node, reader.string("username", kMaxSecretLength),
                                reader.string("password", kMaxSecretLength)};
    if (!reader.ok()) return make_error(error);
    if (credentials.password.empty()) return make_error("field \"password\" is empty");
    return credentials;
}

}  // namespace edge
