// EventStreams: the hub's events handed to the HTTP API's live streams
// (GET /api/v1/events/stream, Server-Sent Events). The worker publishes each event as it
// publishes it on MQTT; each open stream has its own bounded queue, so a slow client loses its
// oldest events (and is told how many) instead of holding memory or the worker. Streams are
// few: each holds one of the server's threads while it is open.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "schema/messages.h"

namespace edge::http {

class EventStreams {
  public:
    struct Stream {
        std::deque<Event> queued;  // GUARDED_BY(EventStreams::mutex_)
        size_t lost = 0;           // GUARDED_BY(EventStreams::mutex_): dropped since last read
    };

    EventStreams(size_t max_streams, size_t max_queued)
        : max_streams_(max_streams), max_queued_(max_queued) {}

    void publish(const Event& event);

    // A new stream; nullptr when max_streams are open or the streams are closed.
    std::shared_ptr<Stream> open();
    void close(const std::shared_ptr<Stream>& stream);

    struct Batch {
        std::vector<Event> events;
        size_t lost = 0;      // events dropped from this stream since the last batch
        bool closed = false;  // close_all ran: end the stream
    };
    // The stream's queued events, waiting up to `wait` for one.
    Batch next(const std::shared_ptr<Stream>& stream, std::chrono::milliseconds wait);

    // Ends every stream (the server is stopping) and refuses new ones.
    void close_all();

  private:
    const size_t max_streams_;
    const size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::set<std::shared_ptr<Stream>> streams_;  // GUARDED_BY(mutex_)
    bool closed_ = false;                        // GUARDED_BY(mutex_)
};

}  // namespace edge::http
