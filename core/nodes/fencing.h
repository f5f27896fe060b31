// Fencing on return: the pure decision whether an agent may start replicas from the desired set
// it holds, or must first hear the broker's retained copy, because the hub may have moved them
// while the agent was out of touch (docs/node-failure.md, "Fencing on return"). Time is passed in.
//
//   fresh ──(no round trip with the broker for stale_after, or the agent itself did not run
//            for that long beyond its pass interval: a freeze, a suspended VM)──> stale
//   stale ──(a desired-set message arrives after the stale stretch began)──> fresh
//   stale, broker answering ──(for boot_wait, still no set: it has none)──> fresh
//   stale since the agent started ──(no answer from the broker within boot_wait)──> fall back
//   fall back ──(the broker answers)──> fresh
//
// While stale the agent holds every create and start; stops and removals go on, since they can
// never make a replica run twice. A running agent that lost the broker holds until the broker
// answers: the hub may have moved its replicas, and the engine's own restart policy keeps the
// containers that still run running. An agent that starts without reaching the broker falls back
// to its stored set after boot_wait: after a whole-site power cut nobody moved anything, and the
// node must bring its containers back with hub and broker down.
// Thread-safety: a value type; the agent's run thread owns it.
#pragma once

#include <cstdint>
#include <string>

namespace edge {

struct FenceConfig {
    // Out of touch longer than this, the desired set may be stale. It matches the hub's
    // heartbeat timeout: from then on the hub counts the node unreachable, and it moves replicas
    // down_after later, so a node back in time has lost nothing.
    int64_t stale_after_ms = 3000;
    // How long a stale agent waits for the broker's copy before it runs its own (see above).
    int64_t boot_wait_ms = 10000;
    // How often the agent decides when idle (its report interval). A gap between two decisions
    // longer than this plus stale_after means the agent itself did not run.
    int64_t pass_interval_ms = 2000;
};

enum class FenceVerdict {
    kFresh,     // starts allowed: the set is current as far as anyone can tell
    kHold,      // starts held until the broker's copy arrives
    kFallBack,  // starts allowed from the stored set: the broker stayed out of reach
};

const char* to_string(FenceVerdict verdict);

// What the agent knows at a pass, all on one monotonic clock (milliseconds).
struct FenceInput {
    int64_t now_ms = 0;
    int64_t last_contact_ms = 0;  // newest round trip with the broker; 0: none yet
    int64_t last_desired_ms = 0;  // newest desired-set message from the broker; 0: none yet
};

struct FenceDecision {
    FenceVerdict verdict = FenceVerdict::kFresh;
    // The decision differs from the previous one; `why` says how, for the log.
    bool changed = false;
    // The stale stretch began at this pass: ask the broker for the retained set again.
    bool refresh = false;
    std::string why;
};

class Fence {
  public:
    // An agent starts stale: it cannot know how long it was gone.
    Fence(FenceConfig config, int64_t started_ms);

    FenceDecision decide(const FenceInput& input);

    // Milliseconds since the last round trip with the broker (since the start, if none).
    int64_t out_of_touch_ms(const FenceInput& input) const;

  private:
    FenceDecision settle(FenceVerdict verdict, std::string why);

    FenceConfig config_;
    int64_t started_ms_ = 0;
    int64_t last_decided_ms_ = 0;
    bool stale_ = true;
    bool since_start_ = true;  // the stale stretch began at the start
    int64_t stale_since_ms_ = 0;
    int64_t answering_since_ms_ = 0;  // the broker answers again since then; 0: it does not
    FenceVerdict last_verdict_ = FenceVerdict::kHold;
};

}  // namespace edge
