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
}  // namespace credential_ops

// Joining agent -> hub on <prefix>/join/<node>/request.
std::string encode_join_request(const std::string& node);
Result<std::string> decode_join_request(std::string_view payload);

// Hub -> joining agent on <prefix>/join/<node>/response.
std::string encode_join_response(const NodeCredentials& credentials);
Result<NodeCredentials> decode_join_response(std::string_view payload);

}  // namespace edge
