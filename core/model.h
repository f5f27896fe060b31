// The spec model shared by hub, agent and edgectl: what a stack asks for (StackSpec),
// what a node is (NodeFacts), what a node must run (DesiredSet) and what it runs (Observed).
// These are plain values; encoding to JSON lives in schema/, parsing Compose in compose/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job_policy.h"
#include "core/memory/memory_mode.h"
#include "core/placement/node_policy.h"
#include "core/reconcile/health.h"
#include "core/reconcile/update_config.h"
#include "core/runtime_options.h"

namespace edge {

// A memory limit given to a service that declares none. Never "unlimited": a runaway
// container on a 1 GiB Pi would take the node down with it.
inline constexpr int64_t kDefaultMemoryLimit = 256LL * 1024 * 1024;

enum class RestartPolicy { kNo, kAlways, kOnFailure, kUnlessStopped };

struct PortMapping {
    uint16_t container_port = 0;
    uint16_t host_port = 0;  // 0: not published on the host
    std::string protocol = "tcp";
    std::string host_ip;  // empty: all addresses
    bool operator==(const PortMapping&) const = default;
};

struct VolumeMount {
    enum class Kind { kNamed, kBind, kTmpfs };
    Kind kind = Kind::kNamed;
    std::string source;  // volume name or host path; empty for tmpfs/anonymous
    std::string target;
    bool read_only = false;
    // Options of the long syntax (and the short syntax's mode field); each default means
    // "not asked for" and is left out of the schema, so older specs keep their hashes.
    std::string propagation;        // bind: rprivate, private, rshared, shared, rslave, slave
    std::string selinux_label;      // bind: "z" (shared) or "Z" (private) relabelling
    bool create_host_path = false;  // bind: make a missing host directory, as `docker run -v`
    bool no_copy = false;           // volume: do not copy the image's files into a new volume
    int64_t tmpfs_size = 0;         // tmpfs: bytes; 0: the engine's default (half the RAM)
    int tmpfs_mode = 0;             // tmpfs: permission bits such as 01777; 0: the default
    // Where a bind's host path comes from (docs/compose-files.md). A relative or `~` path in
    // the Compose file is kRelative until edgectl, which can see the file's directory, turns
    // it into shipped content (stored in the hub by SHA-256, fetched and cached by the nodes
    // that mount it) or a node-local data directory. `source` keeps the path as written.
    enum class Origin { kHostPath, kRelative, kShippedFile, kShippedDirectory, kNodeData };
    Origin origin = Origin::kHostPath;
    // Shipped content: the SHA-256 of the file, or of the directory's manifest
    // (schema/shipped_manifest.h). Part of the spec hash, so an edited file rolls the service.
    std::string content_hash;
    bool operator==(const VolumeMount&) const = default;
};

// The kind as both Compose's long syntax and the Engine API spell it: volume, bind, tmpfs.
const char* volume_kind_name(VolumeMount::Kind kind);

// A secret or config a service uses (Compose's service-level `secrets:` / `configs:`), by the
// name the hub stores it under. Desired sets carry a secret's version and a config's content
// hash, never a secret's value: the agent fetches values from the hub (docs/compose-files.md).
struct FileReference {
    std::string name;    // the hub's name: "<stack>_<key>" for one the stack defines
    std::string target;  // absolute path in the container
    std::string uid = "0";
    std::string gid = "0";
    int mode = 0444;
    int64_t version = 0;       // secrets: changes whenever the value does, so services roll
    std::string content_hash;  // configs: SHA-256 of the content (a stored blob)
    bool operator==(const FileReference&) const = default;
};

// One placement constraint in Compose syntax, e.g. node.labels.disk==ssd.
struct Constraint {
    std::string key;    // node.hostname, node.labels.KEY, node.platform.arch, node.class
    bool equal = true;  // == or !=
    std::string value;
    std::string text() const { return key + (equal ? "==" : "!=") + value; }
    bool operator==(const Constraint&) const = default;
};

// A name another service resolves to an address, as one line of /etc/hosts
// (HostConfig.ExtraHosts): how a consumer reaches a service that runs on another node.
struct HostEntry {
    std::string name;
    std::string address;
    bool operator==(const HostEntry&) const = default;
};

// A service whose containers run to completion (docs/jobs.md): `deploy.mode: replicated-job` or
// `global-job`, or any service with an x-edge `schedule`. The policy is kept as the Compose file
// states it; the hub compiles it into a JobPolicy (core/jobs/job_policy.h), loading the zone.
// ServiceSpec::replicas is the number of containers one run starts in parallel (its
// completions); ServiceSpec::global runs one on every eligible node instead.
struct JobSpec {
    std::string schedule;  // x-edge schedule: five-field cron or @daily...; empty: on demand
    std::string timezone;  // x-edge timezone: an IANA name; empty: the hub's zone
    JobConcurrency concurrency = JobConcurrency::kForbid;  // x-edge concurrency
    int64_t starting_deadline_ms = 3'600'000;             // x-edge starting-deadline
    int64_t deadline_ms = 0;                              // x-edge deadline; 0: none
    int history = 20;                                     // x-edge history: runs kept
    // deploy.restart_policy: retries after a failed attempt (none: no limit but the deadline)
    // and the wait before the first one, doubled for each further retry.
    std::optional<int> max_attempts = 0;
    int64_t retry_delay_ms = 10'000;
    bool operator==(const JobSpec&) const = default;
};

// How a service declares itself for placement (x-edge: {class: ...}).
enum class ServiceClass { kAuto, kDatabase, kStateless };

struct ServiceSpec {
    std::string name;
    std::string image;
    std::optional<std::vector<std::string>> command;
    std::optional<std::vector<std::string>> entrypoint;
    std::map<std::string, std::string> environment;
    std::vector<PortMapping> ports;
    std::vector<VolumeMount> volumes;
    RestartPolicy restart = RestartPolicy::kAlways;
    int64_t memory_limit = kDefaultMemoryLimit;
    int64_t memory_reservation = kDefaultMemoryLimit;  // equals the limit unless declared
    // How the limit is chosen (x-edge: {memory: ...}, docs/memory.md). The hub resolves
    // kDefault at deploy, and for a learning mode keeps memory_limit at the limit in force:
    // provisional, raised after an OOM kill, or learned.
    MemoryMode memory_mode = MemoryMode::kDefault;
    // The Compose file stated a limit. A spec that does not say (from an edgectl that predates
    // learned limits) counts as stated, so nothing changes for it.
    bool memory_limit_stated = true;
    int replicas = 1;
    bool global = false;  // deploy.mode: global
    std::vector<Constraint> constraints;
    ServiceClass service_class = ServiceClass::kAuto;
    bool allow_low_power = false;
    std::optional<HealthCheck> healthcheck;  // Compose healthcheck, run by the engine
    std::optional<HttpCheck> http_check;     // x-edge http-check, run by the agent
    // Networking (docs/networking.md). `expose` ports (host_port 0) are published on the node's
    // advertised address so consumers on other nodes reach them; depends_on orders first
    // starts on one node; network_aliases are extra names from `networks.*.aliases`.
    std::vector<PortMapping> expose;
    std::vector<std::string> depends_on;
    std::vector<std::string> network_aliases;
    // How a change of this service reaches its replicas (core/reconcile/rollout.h), and how a
    // failed change is undone.
    UpdateConfig update = default_update_config();
    UpdateConfig rollback = default_rollback_config();
    // Privileges, devices, host networking, users, logs (core/runtime_options.h).
    RuntimeOptions runtime;
    std::vector<FileReference> secrets;
    std::vector<FileReference> configs;
    // x-edge stop-after-disconnect: a node out of touch with the broker this long stops the
    // service's replicas it runs, since the hub will have moved them. 0: never (the default).
    int64_t stop_after_disconnect_ms = 0;
    // Set for a job (docs/jobs.md): its containers run to completion, started by runs.
    std::optional<JobSpec> job;
    bool operator==(const ServiceSpec&) const = default;
};

struct StackSpec {
    std::string name;
    std::vector<ServiceSpec> services;
    bool operator==(const StackSpec&) const = default;
};

// Storage kind of a node's data disk; SD cards and eMMC wear out under database writes.
enum class StorageKind { kUnknown, kSd, kEmmc, kSsd, kHdd };

// Hardware facts an agent reports about its node.
struct NodeFacts {
    int64_t memory_total = 0;  // bytes
    std::string arch;          // Docker's names: amd64, arm64, arm
    int cpus = 0;
    StorageKind storage = StorageKind::kUnknown;
    std::string model;  // board model, e.g. "Raspberry Pi 4 Model B"
    // The address other nodes reach this node at (--advertise-addr, or detected); empty when
    // unknown. Consumers on other nodes resolve the node's services to it.
    std::string address;
    // Device paths the node has (agent/observe/device_scan.h), sorted; placement puts a service
    // with `devices:` only where every host path it names is here.
    std::vector<std::string> devices;
    // The node's own policy (core/placement/node_policy.h); absent from agents that predate it,
    // whose nodes placement then takes as allowing everything.
    std::optional<NodePolicy> policy;
    // IPv4 networks the node's routes use (agent/network/route_table.h), in CIDR form, so the hub
    // never gives a stack network a subnet that would shadow them. Empty from agents that predate
    // it.
    std::vector<std::string> networks_in_use;
    bool operator==(const NodeFacts&) const = default;
};

// One container the hub wants on a node. Identity is (stack, service, replica).
struct DesiredContainer {
    std::string stack;
    std::string service;
    int replica = 0;
    std::string image;
    std::optional<std::vector<std::string>> command;
    std::optional<std::vector<std::string>> entrypoint;
    std::map<std::string, std::string> environment;
    std::vector<PortMapping> ports;
    std::vector<VolumeMount> volumes;
    RestartPolicy restart = RestartPolicy::kAlways;
    int64_t memory_limit = kDefaultMemoryLimit;
    // Networking (docs/networking.md): the stack's network on this node (empty: the engine's
    // default), the names the container answers to on it, the names of services on other
    // nodes with their nodes' addresses, and the services whose first start comes first.
    std::string network;
    std::vector<std::string> aliases;
    std::vector<HostEntry> extra_hosts;
    std::vector<std::string> depends_on;
    std::string spec_hash;  // changes whenever anything that needs a new container changes
    std::optional<HealthCheck> healthcheck;
    std::optional<HttpCheck> http_check;
    RuntimeOptions runtime;  // copied from the service; part of the spec hash
    // update_config.order start-first: a replacement starts next to the old container, which is
    // removed once the new one is up. Not part of the spec hash.
    bool start_first = false;
    // Part of the spec hash: a new secret version or config content needs a new container.
    std::vector<FileReference> secrets;
    std::vector<FileReference> configs;
    // From the service; not part of the spec hash (the agent acts on it, not the engine).
    int64_t stop_after_disconnect_ms = 0;
    // The IPv4 subnet (CIDR) and gateway of `network`, from the hub's stack subnet pool
    // (core/network/subnet_pool.h); empty: the engine picks. They concern the network, not the
    // container: not part of the spec hash.
    std::string network_subnet;
    std::string network_gateway;
    // A job's container (docs/jobs.md): the run and attempt it belongs to; 0 for a service's
    // replica. Part of the spec hash, so each attempt gets a fresh container, and the agent
    // sends the output of one that exited (schema/job_messages.h).
    int64_t job_run = 0;
    int job_attempt = 0;
    bool operator==(const DesiredContainer&) const = default;
};

// A node's complete desired set. Newer generations replace older ones wholesale.
struct DesiredSet {
    std::string node;
    int64_t generation = 0;
    std::vector<DesiredContainer> containers;
    bool operator==(const DesiredSet&) const = default;
};

// One container as the engine reports it, identified by the labels the agent put on it.
struct ObservedContainer {
    std::string id;
    std::string name;
    std::string stack;
    std::string service;
    int replica = 0;
    std::string spec_hash;
    int64_t generation = 0;
    std::string state;  // engine state: created, running, restarting, exited, dead, paused
    int exit_code = 0;
    bool oom_killed = false;
    int64_t memory_limit = 0;
    // The image the container runs: the engine's image ID ("sha256:HEX"), and the repo digest
    // ("REPO@sha256:HEX") of the repository it was created from; "" when the image has none
    // (built or imported locally). edgectl promote pins images to these digests.
    std::string image_id;
    std::string image_digest;
    // Day-2 insight, kept in the agent's memory (agent/observe/container_insight.h).
    std::string health;       // "", starting, healthy, unhealthy (core/reconcile/health.h)
    int health_restarts = 0;  // restarts the agent made because it was unhealthy
    // Restarts the engine's restart policy made since the container was last started by hand
    // (the engine's RestartCount; an agent start or restart sets it back to 0).
    int engine_restarts = 0;
    int oom_kills = 0;                  // OOM kills the agent saw in this container
    std::vector<int64_t> oom_times_ms;  // the newest kills, at most kMaxOomTimes
    int64_t memory_peak = 0;            // highest usage seen, bytes; 0 unknown
    // An exited container in a crash loop (core/reconcile/restart_backoff.h): when the agent starts
    // it again, in unix ms (0: not waiting), and how many quick exits in a row led to the wait.
    int64_t restart_at_ms = 0;
    int quick_exits = 0;
    bool operator==(const ObservedContainer&) const = default;
};

// A replica the agent could not create (the image pull failed, the engine refused the spec),
// for the spec it was asked for. Reported until a container with that spec exists, so the hub
// can fail a rolling update at once rather than wait for its deadline.
// A replica the agent could not create, or created but could not start.
struct CreateFailure {
    enum class Stage { kCreate, kStart };
    std::string stack;
    std::string service;
    int replica = 0;
    std::string spec_hash;
    std::string message;
    Stage stage = Stage::kCreate;
    // Failed creates of this spec in a row, and when the agent tries again (unix ms; 0: on
    // the next pass). See core/reconcile/create_retries.h.
    int attempts = 0;
    int64_t retry_at_ms = 0;
    bool operator==(const CreateFailure&) const = default;
};

// An image pull in flight on a node: bytes so far, of the total announced so far.
struct ImagePull {
    std::string image;
    int64_t done_bytes = 0;
    int64_t total_bytes = 0;
    bool operator==(const ImagePull&) const = default;
};

// What an agent reports after a reconcile pass.
struct NodeReport {
    std::string node;
    int64_t observed_generation = 0;
    std::vector<ObservedContainer> containers;
    int64_t memory_used = 0;  // bytes in use by the node, from /proc/meminfo
    std::vector<CreateFailure> failures;
    // Pulls in flight: set in the reports the agent repeats while a long pass pulls.
    std::vector<ImagePull> pulls;
    bool operator==(const NodeReport&) const = default;
};

// Container name for a replica on a node, stable across agent restarts so the engine refuses
// duplicates. It names the node too: agents that share one engine (a demo, a test, Podman on
// one host) must be able to run a moved replica while the node it left still has its copy.
std::string container_name(const std::string& node, const std::string& stack,
                           const std::string& service, int replica);

const char* to_string(RestartPolicy policy);
std::optional<RestartPolicy> restart_policy_from(const std::string& text);
const char* to_string(StorageKind kind);
std::optional<StorageKind> storage_kind_from(const std::string& text);
const char* to_string(ServiceClass service_class);

}  // namespace edge
