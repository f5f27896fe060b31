// CgroupMemory: a container's memory figures read from its cgroup, for OOM insight. Knows the
// places dockerd and Podman put a container's cgroup under both cgroup drivers (cgroupfs:
// docker/<id>; systemd: system.slice/docker-<id>.scope) on cgroup v2 (memory.peak,
// memory.current, memory.events) and v1 (memory.max_usage_in_bytes, memory.usage_in_bytes,
// memory.oom_control).
// Thread-safety: stateless apart from the root it was given; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace edge {

struct CgroupMemoryFigures {
    int64_t peak = 0;       // highest usage the kernel recorded (or current usage without one)
    int64_t oom_kills = 0;  // kills in this cgroup since it was created
};

class CgroupMemory {
  public:
    explicit CgroupMemory(std::string root = "/sys/fs/cgroup") : root_(std::move(root)) {}

    // nullopt when the container's cgroup is not found (it is not running, or the layout is
    // one this reader does not know).
    std::optional<CgroupMemoryFigures> read(const std::string& container_id) const;

  private:
    std::string root_;
};

// "oom_kill N" from the text of memory.events (v2) or memory.oom_control (v1); 0 when absent.
int64_t parse_oom_kill_count(const std::string& text);

}  // namespace edge
