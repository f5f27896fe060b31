// Joining a cluster: `edge-agent join` trades a single-use token for this node's own broker
// credentials and stores them (mode 0600) in the state directory; a later `edge-agent` run
// reads them from there when no --username is given.
// Thread-safety: main's thread only.
#pragma once

#include "agent/options.h"

namespace edge {

// argv[0] is "join"; returns the exit code (0 joined, 1 failed, 2 bad arguments).
int run_join_command(int argc, char** argv);

// Fills options.username/password from <state_dir>/credentials.json when it exists and no
// credentials were given on the command line. Fails when the file exists but is unusable.
Status use_stored_credentials(AgentOptions& options);

}  // namespace edge
