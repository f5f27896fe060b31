// What `edge-agent join` stored in the state directory (see agent/join.h), read back by
// `edge-agent` and `edge-agent doctor` at start.
// Thread-safety: main's thread only.
#pragma once

#include "agent/options.h"
#include "core/result.h"

namespace edge {

inline constexpr const char* kNodeTlsDir = "tls";
inline constexpr const char* kNodeCaFile = "ca.crt";
inline constexpr const char* kNodeCertFile = "node.crt";
inline constexpr const char* kNodeKeyFile = "node.key";

// Fills options.username/password from <state_dir>/credentials.json when it exists and no
// credentials were given on the command line, and, for an mqtts:// broker, the TLS files
// from <state_dir>/tls when none were given. Fails when the file exists but is unusable.
Status use_stored_credentials(AgentOptions& options);

}  // namespace edge
