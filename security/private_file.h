// Files that hold secrets: written atomically (temporary file, fsync, rename) and readable by
// their owner only (mode 0600) from the moment they exist, and the agent's stored credentials.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "core/result.h"

namespace edge {

Status write_private_file(const std::string& path, const std::string& contents);

// What `edge-agent join` stores and `edge-agent` reads at start.
struct NodeCredentials {
    std::string node;
    std::string username;
    std::string password;
    bool operator==(const NodeCredentials&) const = default;
};

// The file name inside the agent's --state-dir.
inline constexpr const char* kCredentialsFileName = "credentials.json";

Status save_credentials(const std::string& path, const NodeCredentials& credentials);
// Refuses a file others can read: the password would already be exposed.
Result<NodeCredentials> load_credentials(const std::string& path);

}  // namespace edge
