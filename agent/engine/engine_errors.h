// What the agent reads from the container engine's error messages.
// Thread-safety: plain functions.
#pragma once

#include <string>

namespace edge {

// The start failed because containerd still holds a task (or its bundle directory) for the
// container: dockerd was killed while starting it. Every later start fails the same way until
// the container is removed, so the caller replaces it at once. Matches the messages of Debian's
// docker.io 20.10 ("task … already exists") and of newer engines ("… file exists" for the
// task's bundle directory).
bool is_stale_task_error(const std::string& message);

}  // namespace edge
