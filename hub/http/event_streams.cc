#include "hub/http/event_streams.h"

namespace edge::http {

void EventStreams::publish(const Event& event) {
    {
        std::lock_guard lock(mutex_);
        if (streams_.empty()) return;
        for (const auto& stream : streams_) {
            if (stream->queued.size() >= max_queued_) {
                stream->queued.pop_front();
                ++stream->lost;
            }
            stream->queued.push_back(event);
        }
    }
    arrived_.notify_all();
}

std::shared_ptr<EventStreams::Stream> EventStreams::open() {
    std::lock_guard lock(mutex_);
    if (closed_ || streams_.size() >= max_streams_) return nullptr;
    auto stream = std::make_shared<Stream>();
    streams_.insert(stream);
    return stream;
}

void EventStreams::close(const std::shared_ptr<Stream>& stream) {
    std::lock_guard lock(mutex_);
    streams_.erase(stream);
}

EventStreams::Batch EventStreams::next(const std::shared_ptr<Stream>& stream,
                                       std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, wait, [&] { return closed_ || !stream->queued.empty(); });
    Batch batch;
    batch.closed = closed_;
    batch.events.assign(stream->queued.begin(), stream->queued.end());
    stream->queued.clear();
    batch.lost = stream->lost;
    stream->lost = 0;
    return batch;
}

void EventStreams::close_all() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        streams_.clear();
    }
    arrived_.notify_all();
}

}  // namespace edge::http
