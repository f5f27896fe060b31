// `edge-agent doctor`: checks whether this node is ready to run work, and for each problem says
// the exact fix. It takes the agent's own flags (so `edge-agent doctor --config
// /etc/edgeorch/agent.conf` checks what the service will use), runs the probes of
// doctor_probes.h, judges them with doctor_checks.h and prints the report.
// Exit status: 0 only when the node is ready; 1 when a check failed; 2 for bad flags.
#pragma once

namespace edge {

int run_doctor(int argc, const char* const* argv);

}  // namespace edge
