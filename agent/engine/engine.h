// ContainerEngine: the operations the agent needs from a container engine, so the agent's logic
// can be tested without one and the real client (Docker Engine API, or Podman's compatible
// socket) stays at the edge. Every call returns an error value carrying the engine's own message.
// Thread-safety: implementations must allow calls from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace edge {

// The labels that make a container the agent's own (design invariant 4: adopt, don't duplicate).
inline constexpr const char* kLabelNode = "edgeorch.node";
inline constexpr const char* kLabelStack = "edgeorch.stack";
inline constexpr const char* kLabelService = "edgeorch.service";
inline constexpr const char* kLabelReplica = "edgeorch.replica";
inline constexpr const char* kLabelSpecHash = "edgeorch.spec-hash";
inline constexpr const char* kLabelGeneration = "edgeorch.generation";

struct EngineVersion {
    std::string version;      // e.g. "20.10.24"
    std::string api_version;  // the API version this client speaks, e.g. "1.41"
    std::string os;
    std::string arch;
};

// Everything needed to create one container for a replica on this node.
struct ContainerCreateSpec {
    std::string name;  // container_name(stack, service, replica)
    std::string node;
    int64_t generation = 0;
    DesiredContainer container;
};

// One container as inspected: the observed view plus all of its labels.
struct ContainerDetails {
    ObservedContainer observed;
    std::string image;  // the image reference the container was created from
    std::map<std::string, std::string> labels;
    std::string ip_address;  // from inspect only: the first network address, "" without one
    // From inspect only: the container's own stop timeout (stop_grace_period), -1 when unset.
    int stop_timeout_seconds = -1;
};

// A container event of the engine that the agent keeps track of.
struct EngineEvent {
    std::string container_id;
    int64_t time_ms = 0;
    int64_t time_nanos = 0;  // the engine's timeNano, to tell two events in one second apart
    // "oom": the kernel killed a process of this container; "start": it was started, by the
    // agent or by the engine's restart policy.
    std::string action = "oom";
};

class ContainerEngine {
  public:
    virtual ~ContainerEngine() = default;

    // The engine's version; doubles as a liveness check.
    virtual Result<EngineVersion> version() = 0;
    // All containers (running or not) carrying label `key=value`. Cheap: no per-container
    // inspect, so exit codes and memory limits are not filled in.
    virtual Result<std::vector<ContainerDetails>> list_by_label(const std::string& key,
                                                                const std::string& value) = 0;
    // Full details of one container by id or name, including exit code, OOM kill and memory
    // limit. An unknown container is an error.
    virtual Result<ContainerDetails> inspect(const std::string& id_or_name) = 0;
    virtual Result<bool> image_exists(const std::string& image) = 0;
    // The image's RepoDigests ("REPO@sha256:HEX"), by image ID or reference; empty for an
    // image never pulled from or pushed to a registry.
    virtual Result<std::vector<std::string>> image_repo_digests(const std::string& image) = 0;
    // Bytes of a pull so far and the total announced so far (agent/engine/pull_progress.h).
    using PullObserver = std::function<void(int64_t done_bytes, int64_t total_bytes)>;
    // Pulls an image, waiting until the engine has it (or reports why not); `observer`, when
    // set, hears the progress as the engine streams it.
    virtual Status pull(const std::string& image, const PullObserver& observer) = 0;
    // Creates (does not start) a container; returns its id.
    virtual Result<std::string> create(const ContainerCreateSpec& spec) = 0;
    virtual Status start(const std::string& id) = 0;
    // Stops with SIGTERM, then SIGKILL after `timeout_seconds`. Stopping a stopped container
    // succeeds.
    virtual Status stop(const std::string& id, int timeout_seconds) = 0;
    // Removes a container (forcefully, keeping its named volumes).
    virtual Status remove(const std::string& id) = 0;
    // The engine's "oom" and "start" events for containers labelled `key=value` between two
    // unix times in seconds (both inclusive), without waiting for new ones. Engines without an
    // event log return an error; the agent then relies on the OOMKilled flag alone.
    virtual Result<std::vector<EngineEvent>> container_events(const std::string& key,
                                                              const std::string& value,
                                                              int64_t since_s, int64_t until_s) {
        (void)key, (void)value, (void)since_s, (void)until_s;
        return make_error("this engine has no event log");
    }
    // Follows the engine's container events (die, oom, start, destroy, health_status) for
    // containers labelled `key=value` as they happen, handing each to `on_event`, until
    // `keep_going()` turns false (asked about once a second) or the engine ends the stream.
    // Engines without an event stream return an error; the agent then finds changes by its
    // periodic pass alone.
    virtual Status follow_container_events(const std::string& key, const std::string& value,
                                           const std::function<void(const EngineEvent&)>& on_event,
                                           const std::function<bool()>& keep_going) {
        (void)key, (void)value, (void)on_event, (void)keep_going;
        return make_error("this engine has no event stream");
    }
};

}  // namespace edge
