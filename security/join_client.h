// The agent's side of joining, as `kubeadm join` does it: fetch the broker's certificate chain
// and keep its CA only if the CA's key has the fingerprint the join command carries; then,
// over TLS checked against that CA, connect as join:<node> with the token as password, send a
// certificate request for a key made here (it never leaves the node), and wait for the
// node's certificate and broker identity.
// Thread-safety: blocks the calling thread; no shared state.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"
#include "security/private_file.h"

namespace edge {

struct JoinOptions {
    std::string broker_url;  // mqtts://host:port of the broker's join listener
    std::string topic_prefix = "edgeorch";
    std::string node;
    std::string token;
    std::string ca_fingerprint;  // sha256:<hex> of the CA's public key
    std::string ca_file;         // where the pinned CA is written, for this and later connections
    std::chrono::milliseconds timeout{30000};
};

struct JoinedNode {
    NodeCredentials credentials;
    std::string certificate_pem;  // CN=node:<node>, signed by the pinned CA
    std::string key_pem;          // the node's private key: write it 0600
};

Result<JoinedNode> join_cluster(const JoinOptions& options);

}  // namespace edge
