// Connecting stream sockets with a deadline, for the agent's own HTTP/1.1 clients: the engine's
// unix socket (UnixHttpClient) and container health checks over TCP (probe_http). A plain
// socket and poll() replace libcurl here, whose TLS, LDAP and SSH dependencies cost an idle
// agent several MiB of mapped libraries for HTTP it never speaks.
// Thread-safety: stateless functions; a UniqueFd is owned by one thread at a time.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "core/result.h"

namespace edge {

using SteadyTime = std::chrono::steady_clock::time_point;

// Owns one file descriptor and closes it when destroyed.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd();

    int get() const { return fd_; }

  private:
    int fd_ = -1;
};

// Connects to the unix socket at `path`, giving up at `deadline`. The descriptor returned is
// non-blocking. Errors read "cannot connect: <reason>" (or "timed out connecting").
Result<UniqueFd> connect_unix(const std::string& path, SteadyTime deadline);

// Connects over TCP to `host` (an IPv4 or IPv6 address, or a name) and `port`, trying each
// address the name resolves to, giving up at `deadline`. The descriptor is non-blocking.
Result<UniqueFd> connect_tcp(const std::string& host, int port, SteadyTime deadline);

// Milliseconds from now until `deadline`, clamped to [0, cap_ms]: a poll() timeout.
int poll_timeout_ms(SteadyTime deadline, int cap_ms);

}  // namespace edge
