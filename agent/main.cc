// edge-agent: runs this node's containers as the hub desires. See agent/agent.h.
#include <cstdio>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "agent/agent.h"
#include "agent/daemon.h"
#include "agent/doctor/doctor_command.h"
#include "agent/doctor/doctor_probes.h"
#include "agent/join.h"
#include "agent/options.h"

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "join") {
        return edge::run_join_command(argc - 1, argv + 1);
    }
    if (argc > 1 && std::string_view(argv[1]) == "doctor") {
        return edge::run_doctor(argc - 1, argv + 1);
    }
    edge::ParsedCommandLine parsed = edge::parse_agent_command_line(argc, argv);
    if (!parsed.run) {
        std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
        std::fputs("\n", parsed.exit_code == 0 ? stdout : stderr);
        return parsed.exit_code;
    }
    edge::configure_logging(parsed.options.log_level);
    if (edge::Status cgroup = edge::require_memory_cgroup(); !cgroup.ok()) {
        spdlog::critical("{}", cgroup.error().message);
        return edge::kExitNoMemoryCgroup;
    }
    if (edge::Status stored = edge::use_stored_credentials(parsed.options); !stored.ok()) {
        spdlog::critical("{}", stored.error().message);
        return 1;
    }
    auto agent = edge::Agent::create(parsed.options);
    if (!agent.ok()) {
        spdlog::critical("{}", agent.error().message);
        return 1;
    }
    // Created before run() starts any thread, so every thread inherits the blocked signals.
    edge::TerminationSignals signals;
    signals.on_signal([&agent] { (*agent)->request_stop(); });
    edge::Status status = (*agent)->run();
    if (!status.ok()) {
        spdlog::critical("{}", status.error().message);
        return 1;
    }
    return 0;
}
