// PullProgress: how far an image pull has come, from the engine's progress stream (one JSON
// object per line: {"status": "Downloading", "progressDetail": {"current": N, "total": M},
// "id": LAYER}, then "Download complete", "Pull complete" or "Already exists" per layer).
// Bytes are summed over the layers seen so far, so the total grows as the engine announces
// layers; it is an estimate for people (service ps), never a decision input.
// Thread-safety: not thread-safe; one per pull.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace edge {

class PullProgress {
  public:
    // Takes one line of the stream; lines that are not layer progress are ignored.
    void add_line(std::string_view line);
    int64_t done_bytes() const;
    int64_t total_bytes() const;

  private:
    struct Layer {
        int64_t done = 0;
        int64_t total = 0;
        bool complete = false;
    };
    std::map<std::string, Layer> layers_;
};

}  // namespace edge
