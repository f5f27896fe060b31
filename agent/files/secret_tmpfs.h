// Where the agent writes secrets: a tmpfs, never the node's disk (an SD card keeps what was
// written to it long after it is deleted). ensure_secret_tmpfs() returns <state>/secrets when
// a tmpfs is mounted there, mounting a small one (4 MiB, mode 0700, nosuid, nodev, noexec)
// when none is; it fails, and secrets are not written, when it cannot.
// Thread-safety: stateless; called from the reconcile thread.
#pragma once

#include <string>

#include "core/result.h"

namespace edge {

inline constexpr const char* kSecretTmpfsDir = "secrets";

Result<std::string> ensure_secret_tmpfs(const std::string& state_dir);

// Whether `path` lies on a tmpfs (or ramfs).
bool is_on_tmpfs(const std::string& path);

}  // namespace edge
