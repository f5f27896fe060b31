// SerialWorker<T>: one thread that handles posted items in order, with a bounded queue, so a
// message handler on the MQTT network thread only queues and never waits. Hub has the same
// shape inline (hub/hub.cc) and could move onto this.
// Thread-safety: post() from any thread; start()/stop() from the owner's thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace edge {

template <typename T>
class SerialWorker {
  public:
    SerialWorker(size_t capacity, std::function<void(T&)> handle)
        : capacity_(capacity), handle_(std::move(handle)) {}
    ~SerialWorker() { stop(); }
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    void start() {
        thread_ = std::thread([this] { run(); });
    }
    // Finishes the item in hand, drops the rest, and joins the thread. Idempotent.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) thread_.join();
    }
    // False when the item was dropped: the queue is full or the worker is stopping.
    bool post(T item) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || queue_.size() >= capacity_) return false;
            queue_.push_back(std::move(item));
        }
        wake_.notify_one();
        return true;
    }

  private:
    void run() {
        for (;;) {
            T item;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (stopping_) return;
                item = std::move(queue_.front());
                queue_.pop_front();
            }
            handle_(item);
        }
    }

    const size_t capacity_;
    std::function<void(T&)> handle_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<T> queue_;    // GUARDED_BY(mutex_)
    bool stopping_ = false;  // GUARDED_BY(mutex_)
    std::thread thread_;
};

}  // namespace edge
