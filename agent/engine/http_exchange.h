// One HTTP/1.1 exchange on a connected stream socket: writes a request with
// "Connection: close", then reads the response through http_parser (status line, headers,
// Content-Length, chunked bodies and bodies that end when the server closes). No HTTP is parsed
// by hand here. Shared by UnixHttpClient (the engine's API) and probe_http (health checks).
//
// Limits: an overall deadline, an optional stall limit (fail after that long without a byte),
// and the sink's keep_going(), asked after every read and at least once a second while idle,
// so a quiet stream can still be ended by its owner.
// Thread-safety: exchange_http() is stateless; each call owns its socket and sink.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "agent/engine/stream_socket.h"
#include "core/result.h"

namespace edge {

struct OutgoingRequest {
    std::string_view method = "GET";
    std::string_view target;  // path and query, e.g. "/v1.41/containers/json?all=1"
    std::string_view host;    // the Host header
    // With has_body, Content-Type and Content-Length are sent, the latter even for an empty
    // body (a POST without one), as the engine expects.
    bool has_body = false;
    std::string_view content_type;
    std::string_view body;
};

struct ExchangeLimits {
    SteadyTime deadline = SteadyTime::max();   // the whole exchange
    std::chrono::milliseconds stall_limit{0};  // without a byte received; 0: no limit
};

// Receives the response as it arrives.
class ResponseSink {
  public:
    virtual ~ResponseSink() = default;
    // Once, when the final (non-1xx) response head has arrived.
    virtual void on_status(long status) = 0;
    // Body bytes, transfer coding removed. Returning false ends the exchange, successfully.
    virtual bool on_body(std::string_view data) = 0;
    // Returning false ends the exchange, successfully.
    virtual bool keep_going() { return true; }
};

struct ExchangeOutcome {
    long status = 0;       // 0 when stopped before the response head arrived
    bool stopped = false;  // the sink ended the exchange before the response was complete
};

// Fails when the request cannot be sent and no response comes, when the response is malformed
// or cut short, or when a limit passes; the message says which.
Result<ExchangeOutcome> exchange_http(int fd, const OutgoingRequest& request,
                                      const ExchangeLimits& limits, ResponseSink& sink);

// The request's bytes up to and including the blank line after the headers.
std::string request_head(const OutgoingRequest& request);

}  // namespace edge
