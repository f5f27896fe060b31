// Who a call of the HTTP API acts as. Either an API token, which the hub looks up on every call
// (so a removed token stops working at once) and which may do what its scope says; or the
// cluster-wide edgectl identity, whose password the broker accepted at a web login
// (bus/connect_once.h). The identity may do what `edgectl` may, including what no token may:
// manage tokens and issue join tokens for new nodes.
// Thread-safety: a value.
#pragma once

#include <string>

namespace edge {

struct ApiPrincipal {
    enum class Kind { kToken, kIdentity };
    Kind kind = Kind::kToken;
    std::string token;     // kToken: the token itself; never stored or logged
    std::string identity;  // kIdentity: the broker identity's name

    static ApiPrincipal with_token(std::string token) {
        return {Kind::kToken, std::move(token), ""};
    }
    static ApiPrincipal with_identity(std::string identity) {
        return {Kind::kIdentity, "", std::move(identity)};
    }
    bool is_identity() const { return kind == Kind::kIdentity; }
};

}  // namespace edge
