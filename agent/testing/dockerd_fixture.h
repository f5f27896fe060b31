// DockerdFixture: a real, private dockerd for tests. It gets its own data-root, exec-root and
// socket under a fresh directory in /tmp (unix socket paths must stay under 108 bytes), no
// bridge network and no iptables rules, so it touches nothing outside that directory.
// Images come from an offline import of busybox-static, never from a registry.
// stop() ends the daemon by its PID, then any containerd or shim left behind that mentions the
// directory, unmounts what is left under it and deletes it.
// Thread-safety: not thread-safe; one test thread owns a fixture.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "core/result.h"

namespace edge::testing {

inline constexpr const char* kBusyboxTestImage = "edgeorch/busybox:test";

class DockerdFixture {
  public:
    // Why a real dockerd cannot run here (not root, no dockerd, no busybox), or empty.
    static std::string unavailable_reason();

    // Starts dockerd and waits until it answers; fails with the daemon's log tail otherwise.
    static Result<std::unique_ptr<DockerdFixture>> start();
    ~DockerdFixture();
    DockerdFixture(const DockerdFixture&) = delete;
    DockerdFixture& operator=(const DockerdFixture&) = delete;

    void stop();

    // Imports a rootfs of busybox-static (sh, sleep, httpd, nc, ...) as `image`, with
    // CMD ["/bin/sh"].
    Status import_busybox(const std::string& image = kBusyboxTestImage);

    const std::string& root() const { return root_; }
    std::string socket_path() const { return root_ + "/docker.sock"; }
    std::string endpoint() const { return "unix://" + socket_path(); }
    pid_t pid() const { return pid_; }

    // The memory limit the kernel enforces for a container, read from its cgroup
    // (v1 memory.limit_in_bytes or v2 memory.max); nullopt when no cgroup file is found.
    static std::optional<int64_t> cgroup_memory_limit(const std::string& container_id);

  private:
    explicit DockerdFixture(std::string root) : root_(std::move(root)) {}
    Status wait_until_ready();
    std::string log_tail() const;

    std::string root_;
    pid_t pid_ = -1;
};

}  // namespace edge::testing
