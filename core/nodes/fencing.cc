#include "core/nodes/fencing.h"

#include <algorithm>

#include "core/reconcile/health.h"

namespace edge {

const char* to_string(FenceVerdict verdict) {
    switch (verdict) {
        case FenceVerdict::kFresh:
            return "fresh";
        case FenceVerdict::kHold:
            return "hold";
        case FenceVerdict::kFallBack:
            return "fall back";
    }
    return "hold";
}

Fence::Fence(FenceConfig config, int64_t started_ms)
    : config_(config),
      started_ms_(started_ms),
      last_decided_ms_(started_ms),
      stale_since_ms_(started_ms) {}

int64_t Fence::out_of_touch_ms(const FenceInput& input) const {
    int64_t since = input.last_contact_ms > 0 ? input.last_contact_ms : started_ms_;
    return std::max<int64_t>(0, input.now_ms - since);
}

FenceDecision Fence::settle(FenceVerdict verdict, std::string why) {
    FenceDecision decision;
    decision.verdict = verdict;
    decision.changed = verdict != last_verdict_;
    decision.why = std::move(why);
    last_verdict_ = verdict;
    return decision;
}

FenceDecision Fence::decide(const FenceInput& input) {
    // The agent did not run in between (frozen, suspended): whatever the connection says, the
    // hub heard nothing from it for that long either. A long pass (an image pull) looks the
    // same and costs one needless refresh.
    int64_t paused_ms = input.now_ms - last_decided_ms_ - config_.pass_interval_ms;
    last_decided_ms_ = input.now_ms;
    int64_t silent_ms = out_of_touch_ms(input);
    bool began = false;
    if (!stale_ && (silent_ms > config_.stale_after_ms || paused_ms > config_.stale_after_ms)) {
        stale_ = true;
        since_start_ = false;
        stale_since_ms_ = input.now_ms;
        answering_since_ms_ = 0;
        began = true;
    }
    if (!stale_) return settle(FenceVerdict::kFresh, "in touch with the broker");

    if (input.last_desired_ms > stale_since_ms_) {
        stale_ = false;
        return settle(FenceVerdict::kFresh,
                      "the broker's desired set arrived after " +
                          format_compose_duration(input.last_desired_ms - stale_since_ms_));
    }
    // The broker answers again: a round trip since the stretch began, and a recent one (a reply
    // that came just before a freeze says nothing about now).
    bool answering = input.last_contact_ms > stale_since_ms_ &&
                     input.now_ms - input.last_contact_ms <= config_.stale_after_ms;
    if (!answering) {
        answering_since_ms_ = 0;
    } else if (answering_since_ms_ == 0) {
        answering_since_ms_ = input.now_ms;
    }
    if (answering && last_verdict_ == FenceVerdict::kFallBack) {
        // Already running the stored set; in touch again, a later stretch starts a new fence.
        stale_ = false;
        return settle(FenceVerdict::kFresh, "the broker answers again");
    }
    // Answering for boot_wait without a set: it has none retained for this node (a broker that
    // lost its persistence file while the hub is away). The stored set is all there is.
    if (answering && input.now_ms - answering_since_ms_ >= config_.boot_wait_ms) {
        stale_ = false;
        return settle(FenceVerdict::kFresh, "the broker sent no desired set within " +
                                                format_compose_duration(config_.boot_wait_ms) +
                                                "; running the stored one");
    }
    if (since_start_ && !answering && input.now_ms - stale_since_ms_ >= config_.boot_wait_ms) {
        return settle(FenceVerdict::kFallBack,
                      "no answer from the broker " + format_compose_duration(config_.boot_wait_ms) +
                          " after the start; running the stored desired set");
    }
    FenceDecision decision =
        settle(FenceVerdict::kHold,
               since_start_ ? "started; holding starts until the broker confirms the desired set"
                            : "out of touch for " +
                                  format_compose_duration(
                                      std::max(silent_ms, paused_ms + config_.pass_interval_ms)) +
                                  "; holding starts until the broker confirms the desired set");
    decision.refresh = began;
    return decision;
}

}  // namespace edge
