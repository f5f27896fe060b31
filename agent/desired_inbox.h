// The agent's queue of desired sets between the network thread and the reconcile thread,
// bounded: a node that is sent sets faster than it reconciles keeps only the newest few.
// Nothing is lost by that: a desired set replaces the one before it, so only the newest
// matters, and the arrival time of a retained set (what ends a fence, core/nodes/fencing.h) is
// carried over to the set that stays.
// Thread-safety: none; the caller holds its lock.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

namespace edge {

struct DesiredMessage {
    std::string payload;
    int64_t retained_at_ms = 0;  // when the broker's retained copy arrived; 0 for a live set
};

// At most this many sets wait; each is at most the broker's message size limit.
inline constexpr size_t kMaxQueuedDesiredSets = 8;

// Appends MESSAGE, dropping the oldest sets beyond LIMIT.
inline void queue_desired(std::deque<DesiredMessage>& inbox, DesiredMessage message,
                          size_t limit = kMaxQueuedDesiredSets) {
    inbox.push_back(std::move(message));
    while (inbox.size() > std::max<size_t>(limit, 1)) {
        int64_t retained_at_ms = inbox.front().retained_at_ms;
        inbox.pop_front();
        inbox.front().retained_at_ms = std::max(inbox.front().retained_at_ms, retained_at_ms);
    }
}

}  // namespace edge
