// The certificates a TLS server sends, fetched before anything about it is trusted: the first
// step of a join, which then keeps only the CA whose key the join command pinned
// (select_pinned_ca in security/pki/node_pki.h). Nothing is sent over this connection but the
// TLS handshake, so an impostor learns nothing from it.
// Thread-safety: blocks the calling thread; no shared state.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

// The server's certificate chain as PEM texts, its own certificate first.
Result<std::vector<std::string>> fetch_server_chain(const std::string& host, int port,
                                                    std::chrono::milliseconds timeout);

}  // namespace edge
