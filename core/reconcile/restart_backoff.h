// RestartBackoff: how long the agent waits before it starts an exited replica again. The agent
// acts on the engine's die event at once, so without a backoff a container that exits right
// after every start would be restarted as fast as the engine can, hogging a small board. Like
// the engine's own restart policy: the first start after an exit is immediate; after each
// further quick exit (less than 10 s after its start) the wait from the exit doubles (100 ms,
// 200 ms, ... up to 30 s); a container that ran for 10 s before it exited starts a new run.
// Pure logic with time passed in; keyed by container id (a start keeps the container's id).
// Thread-safety: not thread-safe; the agent's reconcile thread owns it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace edge {

class RestartBackoff {
  public:
    static constexpr int64_t kFirstDelayMs = 100;
    static constexpr int64_t kMaxDelayMs = 30'000;
    // A container that stayed up this long after its start was no quick exit.
    static constexpr int64_t kStableRunMs = 10'000;

    // When the exited container may be started again (now_ms: at once). The first call after
    // a start takes now_ms as the time it exited, so call it as soon as the exit is seen.
    int64_t next_start_ms(const std::string& container_id, int64_t now_ms);
    // Records that the agent started the container at now_ms.
    void note_start(const std::string& container_id, int64_t now_ms);
    // Starts in the current run of quick exits (0: none; the next start is immediate).
    int quick_restarts(const std::string& container_id) const;
    // Drops what it knows of containers not in `existing` (removed or replaced).
    void forget_all_but(const std::set<std::string>& existing);

    // The wait before the start that follows `quick_restarts` quick restarts.
    static int64_t delay_after(int quick_restarts);

  private:
    struct Run {
        int64_t last_start_ms = 0;
        int quick_restarts = 0;
        int64_t exit_seen_ms = -1;  // -1: no exit seen since the last start
    };
    static bool quick_exit(const Run& run) {
        return run.exit_seen_ms >= 0 && run.exit_seen_ms - run.last_start_ms < kStableRunMs;
    }
    std::map<std::string, Run> runs_;
};

}  // namespace edge
