// SingleFlight: concurrent calls for the same key share one run of the work. The executor runs
// a pass's creates on several threads; when five replicas need the same missing image, the
// engine must pull it once, not five times over a Pi's network link, and every create waits
// for that one pull and gets its result. A key is forgotten once its run ends, so the next
// pass tries a failed pull again.
// Thread-safety: run() may be called from any number of threads.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace edge {

template <typename Value>
class SingleFlight {
  public:
    // Runs `work` unless a run for `key` is in flight, in which case it waits for that run and
    // returns its value.
    Value run(const std::string& key, const std::function<Value()>& work) {
        std::promise<Value> promise;
        std::shared_future<Value> shared;
        {
            std::lock_guard lock(mutex_);
            auto running = in_flight_.find(key);
            if (running != in_flight_.end()) {
                shared = running->second.result;
                ++running->second.waiters;
            } else {
                in_flight_.emplace(key, Flight{promise.get_future().share(), 0});
            }
        }
        if (shared.valid()) return shared.get();
        Value value = work();
        {
            std::lock_guard lock(mutex_);
            in_flight_.erase(key);
        }
        promise.set_value(value);
        return value;
    }

    // Callers waiting for the run in flight for `key` (0 when none runs).
    int waiters(const std::string& key) {
        std::lock_guard lock(mutex_);
        auto running = in_flight_.find(key);
        return running == in_flight_.end() ? 0 : running->second.waiters;
    }

  private:
    struct Flight {
        std::shared_future<Value> result;
        int waiters = 0;
    };
    std::mutex mutex_;
    std::map<std::string, Flight> in_flight_;
};

}  // namespace edge
