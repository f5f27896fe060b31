#include "security/pki/server_chain.h"

#include <fcntl.h>
#include <netdb.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace edge {

namespace {

// A connected TCP socket, or -1; each address gets the whole timeout.
int connect_with_timeout(const std::string& host, int port, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* address = found; address != nullptr && fd < 0; address = address->ai_next) {
        fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) continue;
        if (connect(fd, address->ai_addr, address->ai_addrlen) != 0 && errno != EINPROGRESS) {
            close(fd);
            fd = -1;
            continue;
        }
        pollfd wait{fd, POLLOUT, 0};
        int error = 0;
        socklen_t length = sizeof error;
        if (poll(&wait, 1, static_cast<int>(timeout.count())) != 1 ||
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd >= 0) {
        // Back to blocking, with the timeout on every read and write of the handshake.
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        timeval limit{static_cast<time_t>(timeout.count() / 1000),
                      static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    }
    return fd;
}

}  // namespace

Result<std::vector<std::string>> fetch_server_chain(const std::string& host, int port,
                                                    std::chrono::milliseconds timeout) {
    int fd = connect_with_timeout(host, port, timeout);
    if (fd < 0) {
        return make_error("cannot reach " + host + ":" + std::to_string(port));
    }
    // The chain is checked against the pin afterwards; the handshake itself trusts nothing.
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                              SSL_CTX_free);
    if (context) SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(context ? SSL_new(context.get()) : nullptr,
                                                  SSL_free);
    if (!ssl) {
        close(fd);
        return make_error("cannot set up TLS");
    }
    SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);
    SSL_set_tlsext_host_name(ssl.get(), host.c_str());
    SSL_set_fd(ssl.get(), fd);
    int handshake = SSL_connect(ssl.get());
    std::vector<std::string> chain;
    if (handshake == 1) {
        STACK_OF(X509)* sent = SSL_get_peer_cert_chain(ssl.get());
        for (int i = 0; sent != nullptr && i < sk_X509_num(sent); ++i) {
            std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
            if (!out || PEM_write_bio_X509(out.get(), sk_X509_value(sent, i)) != 1) continue;
            char* data = nullptr;
            long size = BIO_get_mem_data(out.get(), &data);
            chain.emplace_back(data, static_cast<size_t>(size));
        }
        SSL_shutdown(ssl.get());
    }
    close(fd);
    if (handshake != 1) {
        return make_error("no TLS handshake with " + host + ":" + std::to_string(port) +
                          " (is it the broker's join port, which speaks TLS?)");
    }
    return chain;
}

}  // namespace edge
