#include "agent/daemon.h"

#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace edge {

namespace {

sigset_t termination_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

void configure_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("edge-agent");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
}

TerminationSignals::TerminationSignals() {
    sigset_t set = termination_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

TerminationSignals::~TerminationSignals() {
    if (!waiter_.joinable()) return;
    // No signal came: deliver one to the waiter itself so sigwait returns.
    closing_ = true;
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
}

void TerminationSignals::on_signal(std::function<void()> on_signal) {
    waiter_ = std::thread([this, callback = std::move(on_signal)] {
        sigset_t set = termination_set();
        int received = 0;
        if (sigwait(&set, &received) != 0 || closing_) return;
        spdlog::info("received {}", received == SIGINT ? "SIGINT" : "SIGTERM");
        callback();
    });
}

}  // namespace edge
