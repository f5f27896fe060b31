#include "agent/engine/stream_socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace edge {

namespace {

std::string errno_text(int error) {
    return std::strerror(error);
}

// Waits for a non-blocking connect() in progress to finish; 0 or the errno it failed with.
int finish_connect(int fd, SteadyTime deadline) {
    while (true) {
        pollfd entry{.fd = fd, .events = POLLOUT, .revents = 0};
        int ready = ::poll(&entry, 1, poll_timeout_ms(deadline, 1000));
        if (ready < 0 && errno != EINTR) return errno;
        if (ready > 0) {
            int error = 0;
            socklen_t length = sizeof(error);
            if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
            return error;
        }
        if (std::chrono::steady_clock::now() >= deadline) return ETIMEDOUT;
    }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
}

int poll_timeout_ms(SteadyTime deadline, int cap_ms) {
    if (deadline == SteadyTime::max()) return cap_ms;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return 0;
    return left < cap_ms ? static_cast<int>(left) : cap_ms;
}

Result<UniqueFd> connect_unix(const std::string& path, SteadyTime deadline) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(address.sun_path)) {
        return make_error("cannot connect: the socket path is too long");
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return make_error("cannot create a socket: " + errno_text(errno));
    while (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        if (errno == EINTR) continue;
        if (errno == EINPROGRESS) {
            int error = finish_connect(fd.get(), deadline);
            if (error == 0) return fd;
            if (error == ETIMEDOUT) return make_error("timed out connecting");
            return make_error("cannot connect: " + errno_text(error));
        }
        // A non-blocking unix socket answers EAGAIN while the server's backlog is full; a
        // blocking one would wait, so wait too, a little at a time, until the deadline.
        if (errno != EAGAIN) return make_error("cannot connect: " + errno_text(errno));
        if (std::chrono::steady_clock::now() >= deadline) return make_error("timed out connecting");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return fd;
}

Result<UniqueFd> connect_tcp(const std::string& host, int port, SteadyTime deadline) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    int resolved = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
    if (resolved != 0) {
        return make_error("cannot resolve " + host + ": " + ::gai_strerror(resolved));
    }
    std::string last_error = "no address";
    for (addrinfo* each = found; each != nullptr; each = each->ai_next) {
        UniqueFd fd(::socket(each->ai_family, each->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                             each->ai_protocol));
        if (fd.get() < 0) {
            last_error = errno_text(errno);
            continue;
        }
        int error = 0;
        if (::connect(fd.get(), each->ai_addr, each->ai_addrlen) != 0) {
            error = errno == EINPROGRESS ? finish_connect(fd.get(), deadline) : errno;
        }
        if (error == 0) {
            ::freeaddrinfo(found);
            return fd;
        }
        last_error = errno_text(error);
        if (error == ETIMEDOUT) break;
    }
    ::freeaddrinfo(found);
    return make_error("cannot connect to " + host + " port " + service + ": " + last_error);
}

}  // namespace edge
