#include "agent/observe/advertise_address.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "bus/mqtt_client.h"
#include "schema/network_json.h"

namespace edge {

namespace {

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        address->sa_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
    if (inet_ntop(address->sa_family, raw, text, sizeof text) == nullptr) return "";
    return text;
}

bool is_loopback(const std::string& address) {
    return address.starts_with("127.") || address == "::1";
}

// Connecting a UDP socket sends nothing; it only asks the kernel which source address it
// would use for that destination.
Result<std::string> source_address_towards(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (int error = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); error != 0) {
        return make_error("cannot resolve broker host " + host + ": " + gai_strerror(error));
    }
    std::string result;
    for (addrinfo* entry = found; entry != nullptr && result.empty(); entry = entry->ai_next) {
        int fd = socket(entry->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) continue;
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        if (connect(fd, entry->ai_addr, entry->ai_addrlen) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0) {
            result = address_text(reinterpret_cast<sockaddr*>(&local));
        }
        close(fd);
    }
    freeaddrinfo(found);
    if (result.empty()) return make_error("no route from this node to broker host " + host);
    return result;
}

// The first IPv4 address of an interface that is up and not loopback, else the first IPv6
// one that is not link-local.
std::string first_interface_address() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return "";
    std::string v4;
    std::string v6;
    for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr || !(entry->ifa_flags & IFF_UP) ||
            (entry->ifa_flags & IFF_LOOPBACK)) {
            continue;
        }
        std::string text = address_text(entry->ifa_addr);
        if (entry->ifa_addr->sa_family == AF_INET && v4.empty()) v4 = text;
        if (entry->ifa_addr->sa_family == AF_INET6 && v6.empty() && !text.starts_with("fe80")) {
            v6 = text;
        }
    }
    freeifaddrs(list);
    return v4.empty() ? v6 : v4;
}

}  // namespace

Status validate_advertise_address(const std::string& text) {
    if (is_address_text(text)) return ok_status();
    return make_error("--advertise-addr \"" + text +
                      "\" is not an IPv4 or IPv6 address (host names are not accepted: other "
                      "nodes' containers get it as an /etc/hosts line)");
}

Result<std::string> detect_advertise_address(const std::string& broker_url) {
    auto broker = parse_broker_url(broker_url);
    if (!broker.ok()) return broker.error();
    auto source = source_address_towards(broker->host, broker->port);
    if (source.ok() && !is_loopback(*source)) return source;
    std::string fallback = first_interface_address();
    if (!fallback.empty()) return fallback;
    if (!source.ok()) return source.error();
    return make_error("the only address towards the broker is loopback (" + *source +
                      ") and no other interface is up; set --advertise-addr");
}

}  // namespace edge
