// ServiceNotifier: tells systemd how a daemon is doing, by its notify protocol (sd_notify(3)):
// READY=1 once it serves (the units are Type=notify, so units ordered after it wait for this),
// WATCHDOG=1 while the loop that must never hang keeps turning (the units set WatchdogSec, so
// a hung daemon is killed and restarted), STOPPING=1 on the way out.
// Outside systemd (no NOTIFY_SOCKET, no WATCHDOG_USEC) every call does nothing, so the daemons
// behave the same when started by hand or by the tests.
// Thread-safety: ready(), stopping() and status() may be called from any thread;
// keep_alive() and next_keep_alive() belong to the one thread whose progress they vouch for.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace edge {

class ServiceNotifier {
  public:
    using Clock = std::chrono::steady_clock;

    // Reads the watchdog interval systemd passed to this process, if any.
    ServiceNotifier();

    void ready(std::string_view status_text);
    void stopping();
    void status(std::string_view status_text);

    // Sends WATCHDOG=1 when a keep-alive is due at `now`.
    void keep_alive(Clock::time_point now);
    // The latest time the owning loop must wake to call keep_alive(); Clock::time_point::max()
    // without a watchdog, so it never shortens a wait.
    Clock::time_point next_keep_alive() const { return next_keep_alive_; }
    bool watchdog_enabled() const { return period_.count() > 0; }

  private:
    std::string notify_socket_;  // NOTIFY_SOCKET at construction; empty: nothing listens
    std::chrono::microseconds period_{0};
    Clock::time_point next_keep_alive_ = Clock::time_point::max();
};

// How often to ping a watchdog of `watchdog_usec` microseconds: twice per interval, as systemd
// advises, so one late wake-up never costs a restart. 0 for 0 (no watchdog).
std::chrono::microseconds keep_alive_period(uint64_t watchdog_usec);

// The watchdog interval systemd set for process `self`, from the values of WATCHDOG_USEC and
// WATCHDOG_PID (either may be null): 0 when there is none, it is not a number, or WATCHDOG_PID
// names another process (a child that inherited the environment).
uint64_t watchdog_usec_for(const char* watchdog_usec, const char* watchdog_pid, uint64_t self);

}  // namespace edge
