// PullBoard: the image pulls in flight on this node and how far each has come. The executor's
// threads write it as the engine streams progress; the agent's heartbeat thread reads it, so
// the report it repeats while a long pass pulls says how far the pulls are (service ps).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

class PullBoard {
  public:
    void update(const std::string& image, int64_t done_bytes, int64_t total_bytes) {
        std::lock_guard lock(mutex_);
        pulls_[image] = {image, done_bytes, total_bytes};
    }
    void finish(const std::string& image) {
        std::lock_guard lock(mutex_);
        pulls_.erase(image);
    }
    std::vector<ImagePull> snapshot() const {
        std::lock_guard lock(mutex_);
        std::vector<ImagePull> pulls;
        for (const auto& [image, pull] : pulls_) pulls.push_back(pull);
        return pulls;
    }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, ImagePull> pulls_;
};

}  // namespace edge
