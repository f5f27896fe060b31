#include "agent/engine/http_exchange.h"

#include <http_parser.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edge {

namespace {

using Clock = std::chrono::steady_clock;

// http_parser's callbacks reach the exchange through parser.data.
struct ParseState {
    ResponseSink* sink = nullptr;
    bool head_request = false;
    long status = 0;  // of the final response, once its head has arrived
    bool complete = false;
    bool stopped = false;
};

ParseState& state_of(http_parser* parser) {
    return *static_cast<ParseState*>(parser->data);
}

int parser_on_headers_complete(http_parser* parser) {
    ParseState& state = state_of(parser);
    // An interim 1xx response (100 Continue) comes before the real one; it has no body.
    if (parser->status_code / 100 == 1 && parser->status_code != 101) return 0;
    state.status = parser->status_code;
    state.sink->on_status(state.status);
    return state.head_request ? 1 : 0;  // 1: the answer to a HEAD has no body
}

int parser_on_body(http_parser* parser, const char* data, size_t length) {
    ParseState& state = state_of(parser);
    if (state.sink->on_body(std::string_view(data, length))) return 0;
    state.stopped = true;
    return 1;  // stops the parser
}

int parser_on_message_complete(http_parser* parser) {
    ParseState& state = state_of(parser);
    if (state.status == 0) return 0;  // the end of an interim 1xx response; read on
    state.complete = true;
    http_parser_pause(parser, 1);  // nothing after the response matters
    return 0;
}

const http_parser_settings& parser_settings() {
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_headers_complete = parser_on_headers_complete;
        s.on_body = parser_on_body;
        s.on_message_complete = parser_on_message_complete;
        return s;
    }();
    return settings;
}

// Writes all of `data`, waiting for room in the socket until the deadline. Returns 0 or an errno.
int send_all(int fd, std::string_view data, SteadyTime deadline) {
    while (!data.empty()) {
        ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            data.remove_prefix(static_cast<size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && errno != EAGAIN) return errno;
        if (Clock::now() >= deadline) return ETIMEDOUT;
        pollfd entry{.fd = fd, .events = POLLOUT, .revents = 0};
        if (::poll(&entry, 1, poll_timeout_ms(deadline, 1000)) < 0 && errno != EINTR) return errno;
    }
    return 0;
}

}  // namespace

std::string request_head(const OutgoingRequest& request) {
    std::string head;
    head.reserve(160 + request.target.size());
    head.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(request.host).append("\r\n");
    // One connection per request keeps the clients stateless; the server closing it after the
    // response also ends a body that has neither Content-Length nor chunks.
    head.append("Connection: close\r\n");
    if (request.has_body) {
        head.append("Content-Type: ").append(request.content_type).append("\r\n");
        head.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
    }
    head.append("\r\n");
    return head;
}

Result<ExchangeOutcome> exchange_http(int fd, const OutgoingRequest& request,
                                      const ExchangeLimits& limits, ResponseSink& sink) {
    // A server may answer and close before reading the whole request (an early 4xx); the
    // answer is still read, and the write error only reported when no answer comes.
    int write_error = send_all(fd, request_head(request), limits.deadline);
    if (write_error == 0 && request.has_body)
        write_error = send_all(fd, request.body, limits.deadline);
    if (write_error == ETIMEDOUT) return make_error("timed out sending the request");

    ParseState state;
    state.sink = &sink;
    state.head_request = request.method == "HEAD";
    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &state;
    auto outcome = [&] {
        return ExchangeOutcome{.status = state.status, .stopped = state.stopped};
    };
    auto malformed = [&] {
        return make_error(std::string("malformed response: ") +
                          http_errno_description(HTTP_PARSER_ERRNO(&parser)));
    };
    auto cut_short = [&]() -> Error {
        if (write_error != 0 && state.status == 0) {
            return make_error(std::string("sending the request: ") + std::strerror(write_error));
        }
        return make_error(state.status == 0 ? "the connection closed before a response"
                                            : "the connection closed before the response ended");
    };

    char buffer[16 * 1024];
    auto last_byte = Clock::now();
    while (true) {
        auto now = Clock::now();
        if (now >= limits.deadline) return make_error("timed out waiting for the response");
        SteadyTime wake = limits.deadline;
        if (limits.stall_limit.count() > 0) {
            if (now - last_byte >= limits.stall_limit) {
                return make_error("stalled: nothing received for " +
                                  std::to_string(limits.stall_limit.count() / 1000) + " s");
            }
            wake = std::min(wake, last_byte + limits.stall_limit);
        }
        // At most a second, so keep_going() is asked about once a second while idle.
        pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
        int ready = ::poll(&entry, 1, poll_timeout_ms(wake, 1000));
        if (ready < 0 && errno != EINTR) {
            return make_error(std::string("waiting for the response: ") + std::strerror(errno));
        }
        if (ready > 0) {
            ssize_t received = ::recv(fd, buffer, sizeof(buffer), 0);
            if (received < 0 && errno != EAGAIN && errno != EINTR) {
                if (errno == ECONNRESET) return cut_short();
                return make_error(std::string("reading the response: ") + std::strerror(errno));
            }
            if (received == 0) {
                // End of stream: completes a body delimited by the close, or reveals a cut.
                http_parser_execute(&parser, &parser_settings(), nullptr, 0);
                if (state.complete) return outcome();
                if (HTTP_PARSER_ERRNO(&parser) != HPE_OK &&
                    HTTP_PARSER_ERRNO(&parser) != HPE_INVALID_EOF_STATE) {
                    return malformed();
                }
                return cut_short();
            }
            if (received > 0) {
                last_byte = Clock::now();
                http_parser_execute(&parser, &parser_settings(), buffer,
                                    static_cast<size_t>(received));
                if (state.stopped || state.complete) return outcome();
                if (HTTP_PARSER_ERRNO(&parser) != HPE_OK) return malformed();
            }
        }
        if (!sink.keep_going()) {
            state.stopped = true;
            return outcome();
        }
    }
}

}  // namespace edge
