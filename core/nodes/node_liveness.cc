#include "core/nodes/node_liveness.h"

#include <cstdio>

namespace edge {

namespace {

std::string seconds(int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms) / 1000.0);
    return text;
}

// A heartbeat that arrived after the node left "ready" proves it is back, provided it has
// applied its current desired set (so its stale copies are gone) and its connection is up.
bool is_back(const LivenessInput& input) {
    return input.online && input.last_heartbeat_ms > input.state_since_ms &&
           input.acknowledged_generation;
}

}  // namespace

const char* to_string(NodeState state) {
    switch (state) {
        case NodeState::kReady:
            return "ready";
        case NodeState::kUnreachable:
            return "unreachable";
        case NodeState::kDown:
            return "down";
    }
    return "ready";
}

std::optional<NodeState> node_state_from(const std::string& text) {
    for (NodeState state : {NodeState::kReady, NodeState::kUnreachable, NodeState::kDown}) {
        if (text == to_string(state)) return state;
    }
    return std::nullopt;
}

std::optional<NodeTransition> next_node_state(const LivenessInput& input, int64_t now_ms,
                                              const LivenessConfig& config) {
    switch (input.state) {
        case NodeState::kReady: {
            if (!input.online) {
                return NodeTransition{NodeState::kUnreachable,
                                      "connection lost (will message from the broker)"};
            }
            int64_t silent = now_ms - input.last_heard_ms;
            if (silent >= config.heartbeat_timeout_ms) {
                return NodeTransition{NodeState::kUnreachable,
                                      "no heartbeat for " + seconds(silent)};
            }
            return std::nullopt;
        }
        case NodeState::kUnreachable:
            if (is_back(input)) return NodeTransition{NodeState::kReady, "back"};
            if (now_ms - input.state_since_ms >= config.down_after_ms) {
                return NodeTransition{NodeState::kDown, "unreachable for " +
                                                            seconds(now_ms - input.state_since_ms) +
                                                            "; moving its replicas"};
            }
            return std::nullopt;
        case NodeState::kDown:
            if (is_back(input)) return NodeTransition{NodeState::kReady, "back"};
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace edge
