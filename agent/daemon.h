// Process plumbing for the edge-agent executable: logging to stderr (never to a file, so a
// steady-state agent writes nothing to an SD card) and a thread that turns SIGINT/SIGTERM
// into a callback, so shutdown runs as ordinary code rather than in a signal handler.
// Thread-safety: construct TerminationSignals in main before any other thread starts, so every
// thread inherits the blocked signal mask.
#pragma once

#include <pthread.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace edge {

// Sends spdlog's default logger to stderr at `level` ("info", "debug", ...).
void configure_logging(const std::string& level);

class TerminationSignals {
  public:
    // Blocks SIGINT and SIGTERM in the calling thread (and so in threads started later).
    TerminationSignals();
    // Ends the waiting thread if no signal came.
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    // Starts waiting; `on_signal` runs once, on the waiting thread, when a signal arrives.
    void on_signal(std::function<void()> on_signal);

  private:
    std::thread waiter_;
    std::atomic<bool> closing_{false};
};

}  // namespace edge
