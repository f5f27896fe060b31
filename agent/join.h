// Joining a cluster: `edge-agent join` pins the cluster's CA by the fingerprint in its join
// command, makes this node's key, and trades a single-use token and a certificate request for
// the node's certificate and broker identity. It stores them in the state directory:
//   credentials.json   the broker identity (mode 0600)
//   tls/ca.crt         the pinned CA, which every later connection checks the broker against
//   tls/node.crt       CN=node:<node>, signed by that CA
//   tls/node.key       the node's private key (mode 0600; it never leaves the node)
// A later `edge-agent` run reads them from there (agent/stored_credentials.h).
// Thread-safety: main's thread only.
#pragma once

#include "agent/stored_credentials.h"

namespace edge {

// argv[0] is "join"; returns the exit code (0 joined, 1 failed, 2 bad arguments).
int run_join_command(int argc, char** argv);

}  // namespace edge
