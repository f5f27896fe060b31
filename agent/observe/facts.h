// Node facts for placement, read from the running system: total RAM (/proc/meminfo), the
// architecture in Docker's names (uname), CPU count, the storage kind of the disk that holds the
// agent's state directory (sysfs), the board model (/proc/device-tree/model), and the IPv4
// networks its routes use (/proc/net/route, agent/network/route_table.h).
// The proc and sys roots are parameters so tests can point them at a prepared tree.
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model.h"
#include "core/result.h"

namespace edge {

struct FactsSources {
    std::string proc_root = "/proc";
    std::string sys_root = "/sys";
    std::string data_dir;  // a directory on the disk whose storage kind matters
};

// Values given on the command line; each one set replaces what detection found.
struct FactsOverrides {
    std::optional<int64_t> memory_total;
    std::optional<std::string> arch;
    std::optional<int> cpus;
    std::optional<StorageKind> storage;
    std::optional<std::string> model;
};

// Detects every fact it can; a fact that cannot be read stays at its zero value.
NodeFacts detect_facts(const FactsSources& sources);
NodeFacts apply_overrides(NodeFacts facts, const FactsOverrides& overrides);

// Maps uname's machine to Docker's architecture name: x86_64 -> amd64, aarch64 -> arm64, ...
std::string docker_arch(const std::string& machine);

// Parses "<Key>: <value> kB" from meminfo text; bytes, or nullopt when absent.
std::optional<int64_t> meminfo_value(const std::string& meminfo, const std::string& key);

// Memory in use on the node (MemTotal - MemAvailable), in bytes; 0 when unreadable.
int64_t memory_used(const std::string& proc_root = "/proc");

// The storage kind of the block device `device_name` (e.g. "sda", "mmcblk0", "nvme0n1").
StorageKind storage_kind_of_disk(const std::string& sys_root, const std::string& device_name);

}  // namespace edge
