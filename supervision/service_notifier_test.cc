#include "supervision/service_notifier.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace edge {
namespace {

// A notify socket like systemd's: a unix datagram socket named by NOTIFY_SOCKET.
class NotifySocket {
  public:
    NotifySocket() {
        path_ = std::filesystem::temp_directory_path() /
                ("edge-notify-" + std::to_string(getpid()) + ".sock");
        std::filesystem::remove(path_);
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path_.c_str());
        bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
        timeval timeout{2, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    }
    ~NotifySocket() {
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        close(fd_);
        std::filesystem::remove(path_);
    }
    std::string receive() {
        char buffer[512];
        ssize_t size = recv(fd_, buffer, sizeof(buffer), 0);
        return size > 0 ? std::string(buffer, static_cast<size_t>(size)) : std::string();
    }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

TEST(ServiceNotifierTest, KeepAlivePeriodIsHalfTheWatchdogInterval) {
    EXPECT_EQ(keep_alive_period(30'000'000), std::chrono::seconds(15));
    EXPECT_EQ(keep_alive_period(0), std::chrono::microseconds(0));
}

TEST(ServiceNotifierTest, WithoutSystemdEveryCallIsHarmless) {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    ServiceNotifier notifier;
    EXPECT_FALSE(notifier.watchdog_enabled());
    EXPECT_EQ(notifier.next_keep_alive(), ServiceNotifier::Clock::time_point::max());
    notifier.ready("up");
    notifier.keep_alive(ServiceNotifier::Clock::now());
    notifier.stopping();
}

TEST(ServiceNotifierTest, SendsReadyAndWatchdogToTheNotifySocket) {
    NotifySocket socket;
    setenv("WATCHDOG_USEC", "4000000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    ServiceNotifier notifier;
    ASSERT_TRUE(notifier.watchdog_enabled());

    notifier.ready("serving");
    EXPECT_EQ(socket.receive(), "READY=1\nSTATUS=serving");

    auto now = ServiceNotifier::Clock::now();
    notifier.keep_alive(now);
    EXPECT_EQ(socket.receive(), "WATCHDOG=1");
    EXPECT_EQ(notifier.next_keep_alive(), now + std::chrono::seconds(2));

    // Not due yet: nothing is sent, so the next datagram is the STOPPING one.
    notifier.keep_alive(now + std::chrono::seconds(1));
    notifier.stopping();
    EXPECT_EQ(socket.receive(), "STOPPING=1");
}

TEST(ServiceNotifierTest, WatchdogMeantForAnotherProcessIsIgnored) {
    NotifySocket socket;
    setenv("WATCHDOG_USEC", "4000000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
    ServiceNotifier notifier;
    EXPECT_FALSE(notifier.watchdog_enabled());
}

TEST(ServiceNotifierTest, ReadsTheWatchdogIntervalOnlyForThisProcess) {
    EXPECT_EQ(watchdog_usec_for("4000000", nullptr, 42), 4'000'000u);
    EXPECT_EQ(watchdog_usec_for("4000000", "42", 42), 4'000'000u);
    EXPECT_EQ(watchdog_usec_for("4000000", "43", 42), 0u);
    EXPECT_EQ(watchdog_usec_for(nullptr, "42", 42), 0u);
    EXPECT_EQ(watchdog_usec_for("0", nullptr, 42), 0u);
    EXPECT_EQ(watchdog_usec_for("4s", nullptr, 42), 0u);
    EXPECT_EQ(watchdog_usec_for("", nullptr, 42), 0u);
    EXPECT_EQ(watchdog_usec_for("4000000", "x", 42), 0u);
}

// systemd may name an abstract socket ("@name"): the first byte of the address is then 0.
TEST(ServiceNotifierTest, SendsToAnAbstractNotifySocket) {
    std::string name = "edge-notify-abstract-" + std::to_string(getpid());
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + 1, name.data(), name.size());
    socklen_t size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
    timeval timeout{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setenv("NOTIFY_SOCKET", ("@" + name).c_str(), 1);
    ServiceNotifier notifier;
    notifier.status("abstract");
    char buffer[64];
    ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    unsetenv("NOTIFY_SOCKET");
    close(fd);
    ASSERT_GT(got, 0);
    EXPECT_EQ(std::string(buffer, static_cast<size_t>(got)), "STATUS=abstract");
}

}  // namespace
}  // namespace edge
