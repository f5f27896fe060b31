#include "security/join_messages.h"

#include <unistd.h>

#include "bus/mqtt_client.h"
#include "core/names.h"
#include "schema/json_reader.h"
#include "schema/messages.h"
#include "schema/topics.h"

namespace edge {

using nlohmann::json;

namespace {

// Passwords and tokens are 48 hex characters; usernames are "node:" plus a node name.
constexpr size_t kMaxSecretLength = 256;
// A PEM certificate or request of an EC P-256 key is under a kilobyte.
constexpr size_t kMaxPemLength = 8192;
// A join message is small; anything larger is not one.
constexpr size_t kMaxJoinMessageBytes = 16384;

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

std::string encode_join_request(const JoinRequest& request) {
    return json{{"v", kSchemaVersion}, {"node", request.node}, {"csr", request.certificate_request}}
        .dump();
}

Result<JoinRequest> decode_join_request(std::string_view payload) {
    auto document = parse_join_message(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    auto node = read_node(reader, &error);
    if (!node) return node.error();
    JoinRequest request{*node, reader.string("csr", kMaxPemLength)};
    if (!reader.ok()) return make_error(error);
    if (request.certificate_request.empty()) return make_error("field \"csr\" is empty");
    return request;
}

std::string encode_join_response(const JoinResponse& response) {
    return json{{"v", kSchemaVersion},
                {"node", response.credentials.node},
                {"username", response.credentials.username},
                {"password", response.credentials.password},
                {"certificate", response.certificate}}
        .dump();
}

Result<JoinResponse> decode_join_response(std::string_view payload) {
    auto document = parse_join_message(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    auto node = read_node(reader, &error);
    if (!node) return node.error();
    JoinResponse response{{*node, reader.string("username", kMaxSecretLength),
                           reader.string("password", kMaxSecretLength)},
                          reader.string("certificate", kMaxPemLength)};
    if (!reader.ok()) return make_error(error);
    if (response.credentials.password.empty()) return make_error("field \"password\" is empty");
    if (response.certificate.empty()) return make_error("field \"certificate\" is empty");
    return response;
}

std::string join_command_line(const std::string& join_broker_url, const std::string& prefix,
                              const std::string& node, const std::string& token,
                              const std::string& ca_fingerprint) {
    std::string line = "sudo edge-agent join --broker " + join_broker_url + " --node " + node +
                       " --token " + token + " --ca-fingerprint " + ca_fingerprint +
                       " --state-dir /var/lib/edge-agent";
    if (prefix != kDefaultTopicPrefix) line += " --prefix " + prefix;
    return line;
}

std::string lan_broker_url(const std::string& broker_url, int port) {
    auto address = parse_broker_url(broker_url);
    std::string host = address ? address->host : "";
    if (host.empty() || host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1") {
        char name[256] = {};
        host = gethostname(name, sizeof name - 1) == 0 && name[0] != '\0' ? name : "HUB";
    }
    return "mqtts://" + host + ":" + std::to_string(port);
}

}  // namespace edge
