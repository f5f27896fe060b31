#include "agent/doctor/doctor_command.h"

#include <cstdio>

#include "agent/doctor/doctor_probes.h"
#include "agent/engine/docker_engine.h"
#include "agent/observe/facts.h"
#include "agent/options.h"
#include "agent/stored_credentials.h"

namespace edge {

int run_doctor(int argc, const char* const* argv) {
    ParsedCommandLine parsed = parse_agent_command_line(argc, argv);
    if (!parsed.run) {
        std::fprintf(parsed.exit_code == 0 ? stdout : stderr, "%s\n", parsed.message.c_str());
        return parsed.exit_code;
    }
    AgentOptions& options = parsed.options;
    // The broker check connects as the agent would: with the identity and certificate that
    // `edge-agent join` stored. An unusable credentials file shows up as a failed connection.
    Status stored = use_stored_credentials(options);
    NodeRoots roots;
    NodeFacts node = apply_overrides(detect_facts({.data_dir = options.state_dir}), options.facts);

    std::vector<CheckResult> results;
    results.push_back(check_memory_cgroup(read_cgroup_facts(roots, node.model)));
    EngineFacts engine_facts = probe_engine(options.engine_endpoint);
    results.push_back(check_engine(engine_facts));
    BrokerFacts broker = probe_broker(options, std::chrono::seconds(10));
    if (!stored && broker.error.empty()) broker.error = stored.error().message;
    results.push_back(check_broker(broker));
    ClockFacts clock = read_clock();
    results.push_back(check_clock(clock));
    results.push_back(check_certificate(read_certificate(options, clock.now_unix_seconds)));
    results.push_back(check_storage(read_storage(options.state_dir, node.storage)));
    auto engine = DockerEngine::create(options.engine_endpoint);
    bool engine_answers = engine.ok() && engine_facts.transport_error.empty();
    results.push_back(
        check_memory(read_memory(roots, options, engine_answers ? engine->get() : nullptr)));

    std::fputs(format_doctor_report(results).c_str(), stdout);
    return doctor_exit_code(results);
}

}  // namespace edge
