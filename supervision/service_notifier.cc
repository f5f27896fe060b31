#include "supervision/service_notifier.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace edge {

namespace {

// The notify protocol itself (systemd's sd_notify(3)): one datagram of "KEY=VALUE" lines to the
// unix socket NOTIFY_SOCKET names, a path or, after '@', an abstract name. It is spoken here
// rather than through libsystemd, which maps seven libraries and about 1 MiB of the agent's
// resident memory for this one datagram.
void notify(const std::string& target, const std::string& state) {
    // The result is ignored on purpose: a daemon must run the same whether or not anything
    // listens, and without NOTIFY_SOCKET nothing is sent.
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    bool abstract = !target.empty() && target[0] == '@';
    bool path = !target.empty() && target[0] == '/';
    if ((!abstract && !path) || target.size() < 2 || target.size() >= sizeof(address.sun_path)) {
        return;
    }
    std::memcpy(address.sun_path, target.data(), target.size());
    if (abstract) address.sun_path[0] = '\0';
    // A path's length counts its terminating zero; an abstract name's does not.
    auto size =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + target.size() + (path ? 1 : 0));
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    (void)sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&address), size);
    close(fd);
}

std::optional<uint64_t> parse_unsigned(const char* text) {
    if (text == nullptr) return std::nullopt;
    uint64_t value = 0;
    const char* end = text + std::strlen(text);
    auto [stop, error] = std::from_chars(text, end, value);
    if (error != std::errc() || stop != end || stop == text) return std::nullopt;
    return value;
}

}  // namespace

uint64_t watchdog_usec_for(const char* watchdog_usec, const char* watchdog_pid, uint64_t self) {
    auto usec = parse_unsigned(watchdog_usec);
    if (!usec || *usec == 0) return 0;
    if (watchdog_pid != nullptr) {
        auto pid = parse_unsigned(watchdog_pid);
        if (!pid || *pid != self) return 0;
    }
    return *usec;
}

std::chrono::microseconds keep_alive_period(uint64_t watchdog_usec) {
    return std::chrono::microseconds(watchdog_usec / 2);
}

ServiceNotifier::ServiceNotifier() {
    // Read once: the watchdog needs the socket for the life of the process, and the other
    // calls may come from any thread.
    if (const char* target = std::getenv("NOTIFY_SOCKET")) notify_socket_ = target;
    uint64_t watchdog_usec = watchdog_usec_for(
        std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), static_cast<uint64_t>(getpid()));
    if (watchdog_usec > 0) {
        period_ = keep_alive_period(watchdog_usec);
        next_keep_alive_ = Clock::now();
    }
}

void ServiceNotifier::ready(std::string_view status_text) {
    notify(notify_socket_, "READY=1\nSTATUS=" + std::string(status_text));
}

void ServiceNotifier::stopping() {
    notify(notify_socket_, "STOPPING=1");
}

void ServiceNotifier::status(std::string_view status_text) {
    notify(notify_socket_, "STATUS=" + std::string(status_text));
}

void ServiceNotifier::keep_alive(Clock::time_point now) {
    if (!watchdog_enabled() || now < next_keep_alive_) return;
    notify(notify_socket_, "WATCHDOG=1");
    next_keep_alive_ = now + period_;
}

}  // namespace edge
