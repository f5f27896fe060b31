// LiveStreams: what the hub hands to the HTTP API's live streams, Server-Sent Events that stay
// open while a client reads them:
//   - EventStreams: every event as the hub publishes it (GET /api/v1/events/stream); each
//     stream gets every event.
//   - LogStreams: the log batches of one `logs` session each (GET .../logs/stream); a stream is
//     opened with its session id as key and gets only what is published to that key.
// The worker publishes; each stream has its own bounded queue, so a slow client loses its
// oldest items (and is told how many) instead of holding memory or the worker. Streams are few:
// each holds one of the server's threads while it is open.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "schema/messages.h"

namespace edge::http {

template <typename Item>
class LiveStreams {
  public:
    struct Stream {
        std::string key;          // "" gets what publish() sends; else what publish_to(key) does
        std::deque<Item> queued;  // GUARDED_BY(LiveStreams::mutex_)
        size_t lost = 0;          // GUARDED_BY(LiveStreams::mutex_): dropped since last read
    };

    LiveStreams(size_t max_streams, size_t max_queued)
        : max_streams_(max_streams), max_queued_(max_queued) {}

    // To every stream opened without a key.
    void publish(const Item& item) { deliver("", item); }
    // To the stream opened with `key`; false when there is none.
    bool publish_to(const std::string& key, const Item& item) { return deliver(key, item); }

    // A new stream; nullptr when max_streams are open or the streams are closed.
    std::shared_ptr<Stream> open(std::string key = "") {
        std::lock_guard lock(mutex_);
        if (closed_ || streams_.size() >= max_streams_) return nullptr;
        auto stream = std::make_shared<Stream>();
        stream->key = std::move(key);
        streams_.insert(stream);
        return stream;
    }
    void close(const std::shared_ptr<Stream>& stream) {
        std::lock_guard lock(mutex_);
        streams_.erase(stream);
    }

    struct Batch {
        std::vector<Item> items;
        size_t lost = 0;      // items dropped from this stream since the last batch
        bool closed = false;  // close_all ran: end the stream
    };
    // The stream's queued items, waiting up to `wait` for one.
    Batch next(const std::shared_ptr<Stream>& stream, std::chrono::milliseconds wait) {
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, wait, [&] { return closed_ || !stream->queued.empty(); });
        Batch batch;
        batch.closed = closed_;
        batch.items.assign(stream->queued.begin(), stream->queued.end());
        stream->queued.clear();
        batch.lost = stream->lost;
        stream->lost = 0;
        return batch;
    }

    // Ends every stream (the server is stopping) and refuses new ones.
    void close_all() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            streams_.clear();
        }
        arrived_.notify_all();
    }

  private:
    bool deliver(const std::string& key, const Item& item) {
        bool delivered = false;
        {
            std::lock_guard lock(mutex_);
            for (const auto& stream : streams_) {
                if (stream->key != key) continue;
                if (stream->queued.size() >= max_queued_) {
                    stream->queued.pop_front();
                    ++stream->lost;
                }
                stream->queued.push_back(item);
                delivered = true;
            }
        }
        if (delivered) arrived_.notify_all();
        return delivered;
    }

    const size_t max_streams_;
    const size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::set<std::shared_ptr<Stream>> streams_;  // GUARDED_BY(mutex_)
    bool closed_ = false;                        // GUARDED_BY(mutex_)
};

using EventStreams = LiveStreams<Event>;
// Each item is a log batch as the node sent it (schema/log_messages.h, encode_log_batch).
using LogStreams = LiveStreams<std::string>;

}  // namespace edge::http
