// HTTP probing for x-edge http-check: one GET over TCP (exchange_http, agent/engine), and the pure
// bookkeeping that turns probe results into a health state with the same meaning as the engine's
// (starting until the first success or `retries` failures in a row; then healthy or unhealthy).
// Thread-safety: probe_http() is stateless and thread-safe; HttpProbeState is a plain value.
#pragma once

#include <cstdint>
#include <string>

#include "core/reconcile/health.h"
#include "core/result.h"

namespace edge {

// GETs http://HOST:PORT/PATH and returns the response status; an error when no response came
// (refused, timed out). Redirects are not followed: a 301 is what the check sees.
Result<long> probe_http(const std::string& host, int port, const std::string& path,
                        int64_t timeout_ms);

// The running result of one container's HTTP check.
struct HttpProbeState {
    std::string health = kHealthStarting;
    int failures = 0;           // in a row
    int64_t last_probe_ms = 0;  // 0: never probed
    std::string last_error;     // why the last probe failed, for the log
};

// Whether a probe is due at `now_ms`.
bool probe_due(const HttpCheck& check, const HttpProbeState& state, int64_t now_ms);

// Applies one probe result: `status` (or the transport error) against check.expect.
void record_probe(const HttpCheck& check, HttpProbeState& state, const Result<long>& status,
                  int64_t now_ms);

// The combined health of a container with both an engine check and an HTTP check: unhealthy
// if either is, starting if either is, healthy when both are. "" stands for "no check".
std::string combine_health(const std::string& engine, const std::string& http);

}  // namespace edge
