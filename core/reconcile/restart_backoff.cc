#include "core/reconcile/restart_backoff.h"

#include <algorithm>

#include "core/reconcile/backoff.h"

namespace edge {

int64_t RestartBackoff::delay_after(int quick_restarts) {
    return capped_doubling(kFirstDelayMs, kMaxDelayMs, quick_restarts);
}

int64_t RestartBackoff::next_start_ms(const std::string& container_id, int64_t now_ms) {
    auto found = runs_.find(container_id);
    if (found == runs_.end()) return now_ms;
    Run& run = found->second;
    if (run.exit_seen_ms < 0) run.exit_seen_ms = std::max(now_ms, run.last_start_ms);
    // It ran long enough before it exited: the next start is immediate.
    if (!quick_exit(run)) return now_ms;
    return std::max(now_ms, run.exit_seen_ms + delay_after(run.quick_restarts + 1));
}

void RestartBackoff::note_start(const std::string& container_id, int64_t now_ms) {
    auto [found, inserted] = runs_.try_emplace(container_id);
    Run& run = found->second;
    bool quick = !inserted && quick_exit(run);
    run.quick_restarts = quick ? std::min(run.quick_restarts + 1, 1 << 20) : 0;
    run.last_start_ms = now_ms;
    run.exit_seen_ms = -1;
}

int RestartBackoff::quick_restarts(const std::string& container_id) const {
    auto found = runs_.find(container_id);
    return found == runs_.end() ? 0 : found->second.quick_restarts;
}

void RestartBackoff::forget_all_but(const std::set<std::string>& existing) {
    std::erase_if(runs_, [&](const auto& entry) { return existing.count(entry.first) == 0; });
}

}  // namespace edge
