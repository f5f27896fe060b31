// The two messages of the join exchange and the credentials requests' operations. Decoders are
// strict like the schema's: size, version, types and string lengths are checked.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "security/private_file.h"

namespace edge {

namespace credential_ops {
// args {"node"} -> data {"node", "token"}: a single-use join token.
inline constexpr const char* kNodeAdd = "node.add";
// args {"node"} -> data {"node", "revoked": true}: the node's broker identity is deleted.
inline constexpr const char* kNodeRevoke = "node.revoke";
// args {"environment", "name", "certificate_request"} -> data {"username", "password",
// "certificate", "ca"}: an edgectl identity limited to one environment
// (security/broker/environment_identities.h).
inline constexpr const char* kEnvGrant = "env.grant";
// args {"environment", "name"} -> data {"username", "revoked": true}.
inline constexpr const char* kEnvRevoke = "env.revoke";
}  // namespace credential_ops

// args {"node"} -> data {"node", "token", "ca_fingerprint"}: the single-use join token, and
// the fingerprint of the CA's key that the join command pins. (kNodeAdd above.)

// The broker on the LAN: the host in `broker_url` (this machine's name when that is loopback),
// as mqtts:// on `port`.
std::string lan_broker_url(const std::string& broker_url, int port);

// The line `edgectl node add` (and the HTTP API's node add) gives the new node to run.
std::string join_command_line(const std::string& join_broker_url, const std::string& prefix,
                              const std::string& node, const std::string& token,
                              const std::string& ca_fingerprint);

// Joining agent -> hub on <prefix>/join/<node>/request: the node's certificate request (PEM),
// made with a key that never leaves the node.
struct JoinRequest {
    std::string node;
    std::string certificate_request;
    bool operator==(const JoinRequest&) const = default;
};
std::string encode_join_request(const JoinRequest& request);
Result<JoinRequest> decode_join_request(std::string_view payload);

// Hub -> joining agent on <prefix>/join/<node>/response: the node's broker identity and its
// certificate (PEM), signed by the cluster's CA for CN=node:<node>.
struct JoinResponse {
    NodeCredentials credentials;
    std::string certificate;
    bool operator==(const JoinResponse&) const = default;
};
std::string encode_join_response(const JoinResponse& response);
Result<JoinResponse> decode_join_response(std::string_view payload);

}  // namespace edge
