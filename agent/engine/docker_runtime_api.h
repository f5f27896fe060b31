// The Engine API shape of a container's runtime options (core/runtime_options.h) and of its
// mounts, as pure functions over the create body (POST /containers/create): HostConfig's
// privileges, devices, namespaces, DNS, init, logs and tmpfs; Config's user, working
// directory, host name, stop signal and timeout, terminal and labels.
//
// network_mode host, none and container:NAME win over the stack's network that networking
// set: the endpoint aliases go, and so does what the engine refuses in another container's
// namespace (ports, host name, DNS, /etc/hosts lines).
//
// Logs: a service that names no log options gets the json-file driver with max-size 10m and
// max-file 3 (at most 30 MB per container), so a chatty container cannot fill an SD card, and
// `docker logs` and `edgectl logs` keep working.
// Thread-safety: stateless functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model.h"

namespace edge {

inline constexpr const char* kDefaultLogMaxSize = "10m";
inline constexpr const char* kDefaultLogMaxFile = "3";

// One entry of HostConfig.Mounts.
nlohmann::json mount_body(const VolumeMount& volume);

// Whether a bind goes in HostConfig.Binds rather than Mounts: only the Binds syntax makes a
// missing host directory and relabels for SELinux.
bool needs_bind_syntax(const VolumeMount& volume);

// "SOURCE:TARGET[:OPTIONS]" for HostConfig.Binds.
std::string bind_text(const VolumeMount& volume);

// HostConfig.LogConfig for a service's logging settings (nullopt: none given).
nlohmann::json log_config_body(const std::optional<LogSettings>& logging);

// Adds the runtime options of `container` to a create body that already has its Labels,
// HostConfig and networking. `node` names the node, for a service:NAME the hub left unresolved.
void add_runtime_options(nlohmann::json& body, const DesiredContainer& container,
                         const std::string& node);

}  // namespace edge
