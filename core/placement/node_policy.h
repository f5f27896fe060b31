// A node's own policy for the powerful Compose keys: privileged containers, host networking
// (and host pid/ipc), devices, host bind mounts and added capabilities. The node's owner writes
// it in the agent's policy file; the agent enforces it on every container it creates, and
// reports it in its facts so that placement avoids nodes that would refuse a replica. The hub
// can never widen it: the agent checks again.
//
// The file is one rule per line, `KEY VALUE...`, `#` starts a comment:
//   privileged no|yes          host_network yes|no    host_pid no|yes    host_ipc no|yes
//   devices any|none|PREFIX...     device host paths allowed, by path prefix
//   binds any|none|PATH...         host bind sources allowed, by directory; a protected path
//                                  (/, /etc, the docker socket, the agent's state directory)
//                                  is allowed only when a PATH names it or a directory above it
//   cap_add any|none|CAP...        capabilities `cap_add` may ask for
// Each key may appear once. A key not given keeps its default (default_node_policy()).
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/runtime_options.h"

namespace edge {

struct VolumeMount;

// One yes/no rule and where it was decided (line 0: the built-in default).
struct PolicySwitch {
    bool allowed = false;
    int line = 0;
    bool operator==(const PolicySwitch&) const = default;
};

// One allow-list rule: `any`, or the entries (empty: nothing is allowed).
struct PolicyList {
    bool any = false;
    std::vector<std::string> entries;
    int line = 0;
    bool operator==(const PolicyList&) const = default;
};

struct NodePolicy {
    std::string source;  // the file the rules came from; empty: defaults only
    PolicySwitch privileged;
    PolicySwitch host_network;
    PolicySwitch host_pid;
    PolicySwitch host_ipc;
    PolicyList devices;
    PolicyList binds;
    PolicyList cap_add;
    // Bind sources refused unless `binds` names them (or a directory above them), and any
    // directory that contains one of them.
    std::vector<std::string> protected_paths;
    bool operator==(const NodePolicy&) const = default;
};

// The policy of a node whose owner wrote none. It keeps the everyday homelab apps working
// as published (Home Assistant's host network and privileged mode, a Zigbee stick, /dev/dri
// for transcoding, Pi-hole's NET_ADMIN) and refuses what few apps need and hands the host
// over: host pid/ipc, block and memory devices, binds of /, /etc, the docker socket and the
// agent's state.
// `state_dir` joins the protected paths.
NodePolicy default_node_policy(const std::string& state_dir);

// Parses a policy file's text on top of the defaults. Errors read "FILE:LINE: KEY: what was
// expected", every bad line at once, one per line of the message.
Result<NodePolicy> parse_node_policy(const std::string& text, const std::string& file,
                                     const std::string& state_dir);

// Why this policy refuses a container with these options and mounts; empty when it allows it.
// Names the rule: "refused by FILE:LINE (privileged no)" or "refused by the default policy
// (privileged no)".
std::string policy_refusal(const NodePolicy& policy, const RuntimeOptions& runtime,
                           const std::vector<VolumeMount>& volumes);

// The rule as a policy line, e.g. "devices /dev/ttyUSB /dev/dri".
std::string policy_line_text(const char* key, const PolicySwitch& rule);
std::string policy_line_text(const char* key, const PolicyList& rule);

}  // namespace edge
