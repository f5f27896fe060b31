// RateLimiter: a token bucket that lets bursts of `burst` through and then one per
// `interval_ms`, counting what it suppressed. It keeps a flood of bad messages from filling
// the log and the event table.
// Thread-safety: none; owned by one thread. Time is passed in.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

namespace edge {

class RateLimiter {
  public:
    RateLimiter(int burst, int64_t interval_ms)
        : burst_(burst), interval_ms_(interval_ms), tokens_(burst) {}

    // True when the caller may go ahead; false (and counted) when suppressed.
    bool allow(int64_t now_ms) {
        if (now_ms > last_refill_ms_) {
            int64_t earned = (now_ms - last_refill_ms_) / interval_ms_;
            if (earned > 0) {
                tokens_ = static_cast<int>(std::min<int64_t>(burst_, tokens_ + earned));
                last_refill_ms_ += earned * interval_ms_;
            }
        }
        if (tokens_ > 0) {
            --tokens_;
            return true;
        }
        ++suppressed_;
        return false;
    }

    // How many were suppressed since the last call; resets the count.
    int64_t take_suppressed() { return std::exchange(suppressed_, 0); }

  private:
    int burst_;
    int64_t interval_ms_;
    int tokens_;
    int64_t last_refill_ms_ = 0;
    int64_t suppressed_ = 0;
};

}  // namespace edge
