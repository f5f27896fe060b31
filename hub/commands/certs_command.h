// `edge-hub certs renew`: re-issues, with the cluster's existing CA, the certificates that
// `edge-hub init` made for the broker, the hub and edgectl, and re-signs the revocation list,
// before any of them expires (or to add a name the broker is reached by). The CA, every
// identity and every node's certificate stay as they are, so no node has to join again.
// Thread-safety: main's thread only.
#pragma once

namespace edge {

// argv[0] is "certs"; returns the exit code (0 renewed, 1 failed, 2 bad arguments).
int run_certs_command(int argc, char** argv);

}  // namespace edge
