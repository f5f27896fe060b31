// How a container runs beyond image, command, ports and memory: the everyday Compose keys a
// single-node `docker compose up` honours (privileges, devices, host networking, users, logs).
// One value shared by ServiceSpec (what the stack asks) and DesiredContainer (what a node
// runs), so the hub copies it through unchanged and the agent maps it onto the Engine API's
// create body in one place. Every field's default means "not asked for": a default-valued
// RuntimeOptions encodes to nothing, so existing specs keep their spec hashes.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edge {

// `devices: ["/dev/ttyUSB0:/dev/zigbee:rwm"]`. The host path is what placement needs a node
// to have.
struct DeviceMapping {
    std::string host_path;
    std::string container_path;  // the host path when not given
    std::string permissions = "rwm";
    bool operator==(const DeviceMapping&) const = default;
};

// `ulimits: {nofile: {soft: 1024, hard: 2048}}` or `nproc: 65535` (soft == hard).
struct Ulimit {
    std::string name;
    int64_t soft = 0;
    int64_t hard = 0;
    bool operator==(const Ulimit&) const = default;
};

// `logging: {driver: json-file, options: {max-size: 10m}}`. Empty driver: the engine's default
// driver with the options given.
struct LogSettings {
    std::string driver;
    std::map<std::string, std::string> options;
    bool operator==(const LogSettings&) const = default;
};

// `extra_hosts: ["nas.lan:192.168.1.10"]`, as the user wrote them (networking's own host
// entries for services on other nodes are DesiredContainer::extra_hosts).
struct ExtraHost {
    std::string name;
    std::string address;
    bool operator==(const ExtraHost&) const = default;
};

struct RuntimeOptions {
    // Privileges and isolation.
    bool privileged = false;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::vector<std::string> security_opt;
    std::map<std::string, std::string> sysctls;
    std::vector<Ulimit> ulimits;
    std::vector<DeviceMapping> devices;
    std::string pid;  // "" or "host"
    std::string ipc;  // "", "host", "private", "shareable"
    bool read_only = false;
    int64_t shm_size = 0;  // bytes; 0: the engine's default
    // Networking. "" is the stack's network; otherwise "host", "none" or "service:NAME"
    // (share the network namespace of another service's replica on the same node).
    std::string network_mode;
    std::string hostname;
    std::string domainname;
    std::vector<ExtraHost> extra_hosts;
    std::vector<std::string> dns;
    std::vector<std::string> dns_search;
    // Process.
    std::string user;
    std::vector<std::string> group_add;
    std::string working_dir;
    std::optional<bool> init;
    std::string stop_signal;
    std::optional<int64_t> stop_grace_period_ms;
    bool tty = false;
    bool stdin_open = false;
    // Metadata and logs. labels are the user's container labels (edgeorch's own labels are
    // added by the agent and win on a clash).
    std::map<std::string, std::string> labels;
    std::optional<LogSettings> logging;

    bool operator==(const RuntimeOptions&) const = default;
};

}  // namespace edge
