// The checks of `edge-agent doctor`, as pure functions: each takes what a probe read from the
// node (file contents, engine answers, numbers) and returns a verdict, what it found, and the
// exact fix when something is wrong. The probes that read the node are in doctor_probes.h.
// Thread-safety: stateless functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

enum class Verdict { kOk, kWarn, kFail };

struct CheckResult {
    std::string name;  // "memory cgroup", "engine", ...
    Verdict verdict = Verdict::kOk;
    std::string finding;  // what was found, in one sentence
    std::string fix;      // empty when nothing is to be done
};

// What the kernel says about cgroups.
struct CgroupFacts {
    std::optional<std::string> v2_controllers;  // /sys/fs/cgroup/cgroup.controllers, if v2
    std::string proc_cgroups;                   // /proc/cgroups (lists v1 controllers)
    std::string cmdline;                        // /proc/cmdline
    std::string model;                          // board model, e.g. "Raspberry Pi 4 Model B"
    std::string boot_cmdline_file;              // the file that holds the kernel command line
};
CheckResult check_memory_cgroup(const CgroupFacts& facts);

// What the engine answered on its socket.
struct EngineFacts {
    std::string endpoint;
    std::string transport_error;       // set when no HTTP answer came
    long version_status = 0;           // HTTP status of GET /version
    std::string version_body;          // its body
    std::optional<bool> memory_limit;  // /info "MemoryLimit": the engine can limit memory
};
CheckResult check_engine(const EngineFacts& facts);

// The outcome of one connection attempt to the broker.
struct BrokerFacts {
    std::string url;
    bool credentials_given = false;
    bool connected = false;
    int reason_code = -1;  // CONNACK reason (MQTT v5), -1 when none arrived
    std::string error;     // why it failed, in the client library's words
};
CheckResult check_broker(const BrokerFacts& facts);

struct ClockFacts {
    int64_t now_unix_seconds = 0;
    bool synchronized = false;  // the kernel's NTP state (adjtimex)
};
// Before this, the clock cannot be right: edgeorch did not exist yet (2025-01-01T00:00:00Z).
inline constexpr int64_t kEarliestPlausibleTime = 1735689600;
CheckResult check_clock(const ClockFacts& facts);

// The node's certificate, which it presents on the broker's mutual-TLS port.
struct CertificateFacts {
    bool tls = false;       // the broker URL is mqtts://
    std::string path;       // the certificate file; empty: none (not joined)
    std::string error;      // why it could not be read
    int64_t not_after = 0;  // expiry, seconds since 1970
    int64_t now_unix_seconds = 0;
};
// Warn this long before a certificate expires.
inline constexpr int64_t kCertificateWarnSeconds = 30LL * 24 * 3600;
CheckResult check_certificate(const CertificateFacts& facts);

struct StorageFacts {
    std::string path;  // the agent's state directory
    StorageKind kind = StorageKind::kUnknown;
    int64_t free_bytes = 0;
    int64_t total_bytes = 0;
};
CheckResult check_storage(const StorageFacts& facts);

struct MemoryFacts {
    int64_t total_bytes = 0;
    int64_t available_bytes = 0;        // MemAvailable
    int64_t desired_bytes = 0;          // sum of the memory limits in the stored desired set
    int64_t running_desired_bytes = 0;  // the part of desired_bytes already running
    int desired_containers = 0;
};
CheckResult check_memory(const MemoryFacts& facts);
// Fills the desired_* fields: the stored desired set's limits, and which of those containers
// the engine shows running (matched by stack, service and replica).
MemoryFacts add_desired_memory(MemoryFacts facts, const DesiredSet& desired,
                               const std::vector<ObservedContainer>& observed);

// Exit status of `edge-agent doctor`: 0 only when no check failed (warnings are fine).
int doctor_exit_code(const std::vector<CheckResult>& results);
// The report a person reads: one line per check, with the fix indented under it.
std::string format_doctor_report(const std::vector<CheckResult>& results);

}  // namespace edge
