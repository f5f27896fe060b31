// The probes of `edge-agent doctor`: each reads one part of the node (kernel files, the engine
// socket, the broker, the clock, the disk, memory) into the plain facts that the pure checks in
// doctor_checks.h judge. Nothing here decides anything.
// Thread-safety: stateless functions; each call opens and closes what it uses.
#pragma once

#include <chrono>
#include <string>

#include "agent/doctor/doctor_checks.h"
#include "agent/engine/engine.h"
#include "agent/options.h"
#include "core/result.h"

namespace edge {

// Where the probes read the node; tests point the roots at prepared trees.
struct NodeRoots {
    std::string proc = "/proc";
    std::string sys = "/sys";
    std::string boot = "/boot";
};

// The file that holds a Raspberry Pi's kernel command line: /boot/firmware/cmdline.txt since
// Raspberry Pi OS 12 (Bookworm), /boot/cmdline.txt before.
std::string boot_cmdline_file(const std::string& boot_root);

CgroupFacts read_cgroup_facts(const NodeRoots& roots, const std::string& model);
EngineFacts probe_engine(const std::string& endpoint);
BrokerFacts probe_broker(const AgentOptions& options, std::chrono::seconds timeout);
ClockFacts read_clock();
// The expiry of the certificate the agent would present (options.tls_cert_file).
CertificateFacts read_certificate(const AgentOptions& options, int64_t now_unix_seconds);
StorageFacts read_storage(const std::string& path, StorageKind kind);
// Total and available memory from meminfo, and the stored desired set against the containers
// the engine runs for this node (engine may be null when it is unreachable).
MemoryFacts read_memory(const NodeRoots& roots, const AgentOptions& options,
                        ContainerEngine* engine);

// The one check the agent itself makes before it runs anything: without a memory cgroup no
// container can get its hard memory limit, so the agent refuses to start any.
Status require_memory_cgroup(const NodeRoots& roots = {});
// edge-agent's exit status then (sysexits' EX_CONFIG): systemd/edge-agent.service does not
// restart on it, since only a reboot with the fixed kernel command line helps.
inline constexpr int kExitNoMemoryCgroup = 78;

}  // namespace edge
