// Node liveness: the pure state machine that decides whether a node is ready, unreachable or
// down, from what the hub last heard of it and the time, which is passed in.
//
//   ready ──(will message, or no heartbeat for heartbeat_timeout)──> unreachable
//   unreachable ──(still nothing after down_after)──> down
//   unreachable | down ──(online, and a heartbeat acknowledging its current generation)──> ready
//
// An unreachable node keeps its replicas (it may only be slow); a down node's replicas are
// re-placed. A node only counts as back once a heartbeat shows it has applied its newest desired
// set: that set may have taken its replicas away while it was gone, so "ready" always means "its
// stale copies are already stopped" (fencing).
// Thread-safety: plain functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace edge {

enum class NodeState { kReady, kUnreachable, kDown };

const char* to_string(NodeState state);
std::optional<NodeState> node_state_from(const std::string& text);

struct LivenessConfig {
    // Unreachable after this long without a heartbeat. Agents send one every second by default.
    int64_t heartbeat_timeout_ms = 3000;
    // Down after being unreachable this long: the grace period before replicas move.
    int64_t down_after_ms = 4000;
};

// What the hub knows about one node when it judges it.
struct LivenessInput {
    NodeState state = NodeState::kReady;
    int64_t state_since_ms = 0;     // when the node entered `state`
    bool online = true;             // its status topic says connected (false after the will)
    int64_t last_heard_ms = 0;      // newest sign of life: heartbeat, status, or the hub's start
    int64_t last_heartbeat_ms = 0;  // newest heartbeat (report) alone; 0 if none
    // The newest heartbeat acknowledges the node's current desired-set generation.
    bool acknowledged_generation = false;
};

struct NodeTransition {
    NodeState to = NodeState::kReady;
    std::string why;  // for the event, e.g. "no heartbeat for 3.0s"
};

// The transition the node makes at `now_ms`, if any.
std::optional<NodeTransition> next_node_state(const LivenessInput& input, int64_t now_ms,
                                              const LivenessConfig& config);

}  // namespace edge
