// Health checks as a service declares them: Compose's `healthcheck` (run by the engine itself)
// and edgeorch's `x-edge: {http-check: ...}` (run by the agent). Plain values shared by the
// spec model, the desired set and the agent; parsing lives in compose/, encoding in schema/.
// Thread-safety: plain value types and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

// Compose's healthcheck, handed to the engine's own Healthcheck. A duration or count of 0
// means "the engine's default" (interval 30 s, timeout 30 s, retries 3, start period 0).
struct HealthCheck {
    enum class Kind {
        kNone,      // test: ["NONE"] or disable: true: switch off a check the image declares
        kCmd,       // test: ["CMD", "prog", "arg"]: run without a shell
        kCmdShell,  // test: ["CMD-SHELL", "cmd"] or a plain string: run with /bin/sh -c
    };
    Kind kind = Kind::kCmd;
    std::vector<std::string> command;  // the words after CMD, or the one CMD-SHELL string
    int64_t interval_ms = 0;
    int64_t timeout_ms = 0;
    int64_t start_period_ms = 0;
    int retries = 0;
    bool operator==(const HealthCheck&) const = default;

    // The engine's Healthcheck.Test array: ["NONE"], ["CMD", ...] or ["CMD-SHELL", "..."].
    std::vector<std::string> engine_test() const;
};

// x-edge: {http-check: {port, path, expect}}: the agent GETs http://CONTAINER:port/path and
// counts the replica healthy when the answer's status is `expect`.
struct HttpCheck {
    int port = 0;
    std::string path = "/";
    int expect = 200;
    int64_t interval_ms = 10000;
    int64_t timeout_ms = 3000;
    int retries = 3;  // failures in a row before the replica is unhealthy
    bool operator==(const HttpCheck&) const = default;
};

// Health as reported for a replica: "" (no check), "starting", "healthy" or "unhealthy".
inline constexpr const char* kHealthStarting = "starting";
inline constexpr const char* kHealthHealthy = "healthy";
inline constexpr const char* kHealthUnhealthy = "unhealthy";

// Parses a Compose duration: one or more NUMBER UNIT pairs with units h, m, s, ms, us, ns
// ("30s", "1m30s", "1.5s", "500ms"). Returns milliseconds, rounded down; "0" and "0s" are 0.
// Errors say what was expected, for `FILE:LINE: PATH: ...` messages.
Result<int64_t> parse_compose_duration(const std::string& text);

// "1m30s", "500ms", "2h" : the shortest text parse_compose_duration reads back.
std::string format_compose_duration(int64_t ms);

}  // namespace edge
