// The edge-agent command line, parsed into AgentOptions with every value validated
// (node name, sizes, durations, storage kind) before anything starts.
// Thread-safety: plain values and a stateless parser.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "agent/observe/facts.h"
#include "core/placement/node_policy.h"
#include "core/result.h"

namespace edge {

struct AgentOptions {
    std::string broker_url;
    std::string node;
    std::string engine_endpoint;  // unix:///run/docker.sock
    std::string state_dir;
    std::string topic_prefix = "edgeorch";
    std::chrono::milliseconds report_interval{2000};
    // The hub declares a node unreachable after a few missed heartbeats (3s by default).
    std::chrono::milliseconds heartbeat_interval{1000};
    // Fencing on return (core/nodes/fencing.h): out of touch this long, starts wait for the
    // broker's desired set; at start, the stored set runs after fence_wait without the broker.
    std::chrono::milliseconds fence_after{3000};
    std::chrono::milliseconds fence_wait{10000};
    // How many creates, starts or removals of one pass run at once (agent/executor.h). Four
    // keep a Pi's engine busy without queueing it deep.
    int concurrency = 4;
    std::string username;
    std::string password;
    // mqtts:// brokers: the cluster's CA and this node's certificate and key. Empty: those
    // `edge-agent join` stored in <state_dir>/tls, else $EDGE_TLS_CA, $EDGE_TLS_CERT,
    // $EDGE_TLS_KEY.
    std::string tls_ca_file;
    std::string tls_cert_file;
    std::string tls_key_file;
    std::string log_level = "info";
    FactsOverrides facts;
    // The address other nodes reach this one at; empty: detected
    // (agent/observe/advertise_address.h).
    std::string advertise_addr;
    // Devices (agent/observe/device_scan.h): the root the scan looks under, and paths declared on
    // the command line (--device) for devices the scan does not know.
    std::string dev_root = "/";
    std::vector<std::string> declared_devices;
    // The node's own policy file (core/placement/node_policy.h); it must exist only when given.
    std::string policy_file;
    bool policy_file_given = false;
    std::optional<NodePolicy> policy;  // read from policy_file by Agent::create
};

// Outcome of parsing: either options to run with, or an exit code with text for the user
// (--help prints usage and exits 0; a bad flag exits 2).
struct ParsedCommandLine {
    bool run = false;
    AgentOptions options;
    int exit_code = 0;
    std::string message;
};

ParsedCommandLine parse_agent_command_line(int argc, const char* const* argv);

// Parses "250ms", "2s", "1m", "1h"; a bare number is seconds. Must be positive.
Result<std::chrono::milliseconds> parse_duration(const std::string& text);

}  // namespace edge
