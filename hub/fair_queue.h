// FairQueue: the hub's inbound queue, fair between senders ("lanes": a node, the operators'
// request topic, an environment, the HTTP API). One worker serves everything the hub hears, so
// with one first-come queue a single node that floods (a bug, or a stolen identity) puts every
// operator request and every other node's report behind its backlog: edgectl times out, and
// healthy nodes' reports arrive late.
//
// Start-time fair queueing: each item gets a virtual start, the later of the virtual time (the
// start of the item served last) and its lane's previous item's start plus one; the smallest
// start is served first, ties in arrival order. While no lane has a backlog every item starts
// at the virtual time, so the order is the arrival order. A lane with a backlog of N has its
// items spread over the next N turns, so a newcomer of another lane waits one turn per lane,
// never behind the backlog.
//
// A lane may also hold only so many items and bytes, so that one sender cannot fill the hub's
// whole inbound budget and leave no room for the others.
//
// Thread-safety: none; the hub uses it under its queue's mutex.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace edge {

template <typename T>
class FairQueue {
  public:
    FairQueue(size_t max_items_per_lane, size_t max_bytes_per_lane)
        : max_items_per_lane_(max_items_per_lane), max_bytes_per_lane_(max_bytes_per_lane) {}

    // False, leaving the queue and `item` as they were, when `lane` has no room for `bytes`
    // more, or already holds max_items_per_lane items.
    bool push(const std::string& lane, T&& item, size_t bytes) {
        if (lanes_.size() >= items_.size() + kSpareLanes) forget_idle_lanes();
        Lane& state = lanes_[lane];
        if (state.queued >= max_items_per_lane_ || bytes > max_bytes_per_lane_ - state.bytes) {
            return false;
        }
        const uint64_t start = std::max(virtual_time_, state.next_start);
        state.next_start = start + 1;
        ++state.queued;
        state.bytes += bytes;
        items_.emplace(std::pair{start, next_arrival_++}, Queued{lane, bytes, std::move(item)});
        return true;
    }

    std::optional<T> pop() {
        if (items_.empty()) return std::nullopt;
        auto first = items_.begin();
        virtual_time_ = first->first.first;
        Lane& lane = lanes_[first->second.lane];
        --lane.queued;
        lane.bytes -= first->second.bytes;
        T item = std::move(first->second.item);
        items_.erase(first);
        return item;
    }

    bool empty() const { return items_.empty(); }
    size_t size() const { return items_.size(); }
    // How many items `lane` holds.
    size_t queued(const std::string& lane) const {
        auto found = lanes_.find(lane);
        return found == lanes_.end() ? 0 : found->second.queued;
    }

  private:
    struct Lane {
        uint64_t next_start = 0;
        size_t queued = 0;
        size_t bytes = 0;
    };
    struct Queued {
        std::string lane;
        size_t bytes;
        T item;
    };
    // A lane with nothing queued is remembered, or a sender that always has exactly one item
    // waiting would start each at the virtual time and be served before every backlog. Lanes
    // come and go (nodes, and on an open broker any name), so idle ones are forgotten once there
    // are this many more lanes than items: at worst a forgotten lane gains one turn.
    static constexpr size_t kSpareLanes = 1024;
    void forget_idle_lanes() {
        std::erase_if(lanes_, [](const auto& lane) { return lane.second.queued == 0; });
    }

    const size_t max_items_per_lane_;
    const size_t max_bytes_per_lane_;
    uint64_t virtual_time_ = 0;
    uint64_t next_arrival_ = 0;
    std::unordered_map<std::string, Lane> lanes_;
    // Keyed by (virtual start, arrival): begin() is the next item to serve.
    std::map<std::pair<uint64_t, uint64_t>, Queued> items_;
};

}  // namespace edge
