// `edge-hub init`: writes a fresh hub's broker configuration (anonymous access off, Mosquitto's
// dynamic-security plugin) and the hub's and edgectl's identities. See
// security/broker/broker_setup.h. Thread-safety: main's thread only.
#pragma once

namespace edge {

// argv[0] is "init"; returns the exit code (0 written, 1 failed, 2 bad arguments).
int run_hub_init(int argc, char** argv);

}  // namespace edge
