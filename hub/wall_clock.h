// The hub's one reading of the wall clock, in milliseconds since the epoch. The hub's logic
// takes time as an argument; only the I/O layer (the worker, the backup thread, edge-hub
// restore) reads the clock, through this.
#pragma once

#include <chrono>
#include <cstdint>

namespace edge {

inline int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace edge
