// probe_http over real loopback sockets: what a health check sees of redirects, IPv6 addresses,
// servers that never answer and ports nobody listens on.
#include "agent/observe/http_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace edge {
namespace {

// A listening loopback socket (IPv4 or IPv6) on a free port, closed on destruction.
struct Listener {
    explicit Listener(bool ipv6) {
        fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (ipv6) {
            auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
            address->sin6_family = AF_INET6;
            address->sin6_addr = in6addr_loopback;
            length = sizeof(sockaddr_in6);
        } else {
            auto* address = reinterpret_cast<sockaddr_in*>(&storage);
            address->sin_family = AF_INET;
            address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            length = sizeof(sockaddr_in);
        }
        auto* address = reinterpret_cast<sockaddr*>(&storage);
        ok = ::bind(fd, address, length) == 0 && ::listen(fd, 4) == 0 &&
             ::getsockname(fd, address, &length) == 0;
        port = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                          : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
    }
    ~Listener() { ::close(fd); }

    int fd = -1;
    int port = 0;
    bool ok = false;
};

TEST(ProbeHttpTest, SeesARedirectAsItsStatusOverIPv6) {
    Listener listener(/*ipv6=*/true);
    if (!listener.ok) GTEST_SKIP() << "no IPv6 loopback here";
    std::string request;
    std::thread server([&] {
        int client = ::accept(listener.fd, nullptr, nullptr);
        if (client < 0) return;
        char buffer[1024];
        ssize_t n = ::read(client, buffer, sizeof(buffer));
        if (n > 0) request.assign(buffer, static_cast<size_t>(n));
        // A body that ends when the connection does; the probe reads it to the end.
        std::string answer = "HTTP/1.1 301 Moved Permanently\r\nLocation: /elsewhere\r\n\r\n" +
                             std::string(100000, 'x');
        (void)!::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
        ::close(client);
    });
    auto status = probe_http("::1", listener.port, "/ready?full=1", 2000);
    server.join();
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ(*status, 301);
    EXPECT_EQ(request.rfind("GET /ready?full=1 HTTP/1.1\r\n", 0), 0u) << request;
    EXPECT_NE(request.find("\r\nHost: [::1]:" + std::to_string(listener.port) + "\r\n"),
              std::string::npos)
        << request;
}

TEST(ProbeHttpTest, GivesUpOnAServerThatNeverAnswers) {
    // The kernel completes the connection from the backlog; nobody ever reads or writes.
    Listener listener(/*ipv6=*/false);
    ASSERT_TRUE(listener.ok);
    auto start = std::chrono::steady_clock::now();
    auto status = probe_http("127.0.0.1", listener.port, "/", 300);
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "GET http://127.0.0.1:" + std::to_string(listener.port) +
                                          "/: timed out waiting for the response");
    EXPECT_GE(elapsed, 0.25);
    EXPECT_LT(elapsed, 1.5);
}

TEST(ProbeHttpTest, NamesTheRefusedAddress) {
    int port = 0;
    {
        Listener listener(/*ipv6=*/false);
        ASSERT_TRUE(listener.ok);
        port = listener.port;
    }
    auto status = probe_http("127.0.0.1", port, "/healthz", 1000);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "GET http://127.0.0.1:" + std::to_string(port) +
                                          "/healthz: cannot connect to 127.0.0.1 port " +
                                          std::to_string(port) + ": Connection refused");
}

}  // namespace
}  // namespace edge
