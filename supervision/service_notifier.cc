#include "supervision/service_notifier.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace edge {

namespace {

void notify(const std::string& state) {
    // 0: keep NOTIFY_SOCKET, because the watchdog needs it for the life of the process.
    // The result is ignored on purpose: a daemon must run the same whether or not anything
    // listens, and sd_notify already returns 0 when not started by systemd.
    (void)sd_notify(0, state.c_str());
}

}  // namespace

std::chrono::microseconds keep_alive_period(uint64_t watchdog_usec) {
    return std::chrono::microseconds(watchdog_usec / 2);
}

ServiceNotifier::ServiceNotifier() {
    uint64_t watchdog_usec = 0;
    // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID (if set) names this process.
    if (sd_watchdog_enabled(0, &watchdog_usec) > 0) {
        period_ = keep_alive_period(watchdog_usec);
        next_keep_alive_ = Clock::now();
    }
}

void ServiceNotifier::ready(std::string_view status_text) {
    notify("READY=1\nSTATUS=" + std::string(status_text));
}

void ServiceNotifier::stopping() {
    notify("STOPPING=1");
}

void ServiceNotifier::status(std::string_view status_text) {
    notify("STATUS=" + std::string(status_text));
}

void ServiceNotifier::keep_alive(Clock::time_point now) {
    if (!watchdog_enabled() || now < next_keep_alive_) return;
    notify("WATCHDOG=1");
    next_keep_alive_ = now + period_;
}

}  // namespace edge
