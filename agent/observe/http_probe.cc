#include "agent/observe/http_probe.h"

#include "agent/engine/http_exchange.h"
#include "agent/engine/stream_socket.h"

namespace edge {

namespace {

// A health check needs only the status; the body is read to its end and dropped.
class StatusOnly : public ResponseSink {
  public:
    void on_status(long) override {}
    bool on_body(std::string_view) override { return true; }
};

}  // namespace

// The connection goes straight to the container, never through a configured proxy, and a
// redirect is what the check sees, not followed.
Result<long> probe_http(const std::string& host, int port, const std::string& path,
                        int64_t timeout_ms) {
    // IPv6 addresses need brackets in a URL and in the Host header.
    std::string authority = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    authority += ":" + std::to_string(port);
    auto fail = [&](const Error& error) {
        return make_error("GET http://" + authority + path + ": " + error.message);
    };
    ExchangeLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    auto connection = connect_tcp(host, port, limits.deadline);
    if (!connection.ok()) return fail(connection.error());
    StatusOnly sink;
    auto exchanged = exchange_http(
        connection->get(), OutgoingRequest{.method = "GET", .target = path, .host = authority},
        limits, sink);
    if (!exchanged.ok()) return fail(exchanged.error());
    return exchanged->status;
}

bool probe_due(const HttpCheck& check, const HttpProbeState& state, int64_t now_ms) {
    return state.last_probe_ms == 0 || now_ms - state.last_probe_ms >= check.interval_ms;
}

void record_probe(const HttpCheck& check, HttpProbeState& state, const Result<long>& status,
                  int64_t now_ms) {
    state.last_probe_ms = now_ms;
    if (status.ok() && *status == check.expect) {
        state.failures = 0;
        state.last_error.clear();
        state.health = kHealthHealthy;
        return;
    }
    state.last_error = status.ok() ? "answered " + std::to_string(*status) + ", expected " +
                                         std::to_string(check.expect)
                                   : status.error().message;
    ++state.failures;
    if (state.failures >= check.retries) state.health = kHealthUnhealthy;
}

std::string combine_health(const std::string& engine, const std::string& http) {
    if (engine.empty()) return http;
    if (http.empty()) return engine;
    if (engine == kHealthUnhealthy || http == kHealthUnhealthy) return kHealthUnhealthy;
    if (engine == kHealthStarting || http == kHealthStarting) return kHealthStarting;
    return kHealthHealthy;
}

}  // namespace edge
