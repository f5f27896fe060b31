// Store: the hub's durable desired state (stacks, services, replica placements, nodes) and
// its event log. Everything the hub cannot recover by observation lives here; observed state
// (the agents' latest reports) does not.
//
// Every change is one StateChange applied in ONE transaction: either all of it is durable
// or none of it is, so a crash can never leave a stack without its placements or a node's
// generation out of step with its desired set.
//
// Thread-safety: none; the hub calls its store from its single worker thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job_runs.h"
#include "core/model.h"
#include "core/nodes/node_liveness.h"
#include "core/placement/placement.h"
#include "core/reconcile/rollout.h"
#include "core/result.h"
#include "schema/messages.h"

namespace edge {

// Events kept in the store; older ones are deleted as new ones arrive.
inline constexpr int64_t kMaxStoredEvents = 10000;

struct StackRecord {
    StackSpec spec;
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
    // By service name: the spec each service had before the last deploy that changed it, for
    // `edgectl service rollback`. Absent for a service never changed since it was added.
    std::map<std::string, ServiceSpec> previous;
    // By service name: the service's last rolling update (core/reconcile/rollout.h), finished or
    // not.
    std::map<std::string, Rollout> rollouts;
    // The IPv4 subnet (CIDR) of the stack's network on every node, from the stack subnet pool
    // (hub/state/stack_subnets.h); empty until assigned. Kept for the stack's lifetime.
    std::string subnet;
    bool operator==(const StackRecord&) const = default;
};

struct NodeRecord {
    std::string name;
    NodeFacts facts;
    std::map<std::string, std::string> labels;
    bool online = false;  // what its status topic last said (the will message sets it false)
    int64_t last_seen_ms = 0;
    // Liveness as the hub judges it (core/nodes/node_liveness.h), and since when.
    NodeState state = NodeState::kReady;
    int64_t state_since_ms = 0;
    // Generation of the node's desired set; increases whenever the set's content changes.
    int64_t generation = 0;
    bool drained = false;
    bool operator==(const NodeRecord&) const = default;
};

struct ReplicaRecord {
    ReplicaKey key;
    std::string node;    // empty: pending
    std::string reason;  // why pending
    // A rolling update has not reached it yet: it runs its service's previous spec.
    bool on_previous = false;
    // When a rolling update switched it, while the update watches it; 0 otherwise.
    int64_t switched_ms = 0;
    // A job's container (docs/jobs.md): the run and attempt it is for. The job driver
    // (hub/jobs/job_driver.h) places these, one per container of an attempt, and removes them
    // when they exit; re-planning never moves them.
    int64_t job_run = 0;
    int job_attempt = 0;
    bool operator==(const ReplicaRecord&) const = default;
};

// One run of a job, with the nodes its current (or last) attempt ran on.
struct JobRunRecord {
    JobRun run;
    std::vector<std::string> nodes;
    bool operator==(const JobRunRecord&) const = default;
};

// A job service's schedule state and its kept runs (docs/jobs.md). Keyed by (stack, service);
// it outlives redeploys of its stack, and goes with the service.
struct JobRecord {
    std::string stack;
    std::string service;
    JobScheduleState schedule;
    // The job's spec as last deployed (its JSON's hash, hub/jobs/job_sync.h): a changed schedule
    // restarts schedule_since_ms, and a changed one-off job runs again, as Swarm does.
    std::string spec_hash;
    std::vector<JobRunRecord> runs;  // by id, oldest first
    bool operator==(const JobRecord&) const = default;
};

// "stack/service": the key of ClusterState::jobs.
inline std::string job_key(const std::string& stack, const std::string& service) {
    return stack + "/" + service;
}

// The whole desired state, as loaded from the store.
struct ClusterState {
    std::map<std::string, StackRecord> stacks;
    std::map<std::string, NodeRecord> nodes;
    std::vector<ReplicaRecord> replicas;    // sorted by key
    std::map<std::string, JobRecord> jobs;  // by job_key
    // The highest job run id ever given, so a deleted run's id is never given again (an agent
    // may still send output for it).
    int64_t last_job_run_id = 0;
    bool operator==(const ClusterState&) const = default;
};

// One atomic change. Applied in this order: remove stacks, put stacks, put nodes, replace
// replicas, remove nodes, append events.
struct StateChange {
    std::vector<std::string> remove_stacks;  // with their services and replicas
    std::vector<StackRecord> put_stacks;     // insert or update; the services are replaced
    std::vector<NodeRecord> put_nodes;       // insert or update
    std::optional<std::vector<ReplicaRecord>> replicas;  // when set, replaces every replica
    std::vector<std::string> remove_nodes;  // forgotten; no replica may still name them
    // Jobs: put replaces the job's row and its runs (runs it no longer lists are deleted with
    // their output); remove deletes the job, its runs and their output.
    std::vector<JobRecord> put_jobs;
    std::vector<std::pair<std::string, std::string>> remove_jobs;  // (stack, service)
    std::vector<Event> events;                                     // appended; ids are assigned

    bool empty() const {
        return remove_stacks.empty() && put_stacks.empty() && put_nodes.empty() &&
               !replicas.has_value() && remove_nodes.empty() && put_jobs.empty() &&
               remove_jobs.empty() && events.empty();
    }
};

// Content stored by the SHA-256 of its bytes: a shipped file, a directory's manifest, a config.
// An environment (core/environments.h) made with `edgectl env create`; `default` always exists.
struct StoredEnvironment {
    std::string name;
    // Added to every service of the environment's stacks when they are deployed.
    std::vector<Constraint> constraints;
    int64_t created_ms = 0;
    // Multiplies its services' memory limits at deploy, in thousandths (core/environments.h).
    int64_t memory_factor = 1000;
    // The webhook lines (hub/notify/webhook_config.h) that get its events, as a JSON array sealed
    // with the hub's secret key under "environment-webhooks:NAME": their URLs often carry tokens.
    // "" when it has none.
    std::string webhooks_sealed;
    bool operator==(const StoredEnvironment&) const = default;
};

struct StoredBlob {
    std::string hash;
    std::string content;
};

// A secret as the store holds it: sealed (hub/files/secret_cipher.h), never in clear.
struct StoredSecret {
    std::string name;
    int64_t version = 0;
    std::string sealed;
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
};

// A service's learned-memory history (hub/memory/), as its codec wrote it.
struct StoredMemoryHistory {
    std::string stack;  // the stack's key
    std::string service;
    std::string history;  // hub/memory/memory_codec.h
    int64_t updated_ms = 0;
    bool operator==(const StoredMemoryHistory&) const = default;
};

// A token of the HTTP API (hub/http/api_tokens.h): its name, what it may do, and the SHA-256
// of the token (hex). The token itself is shown once, when made, and never stored.
struct StoredApiToken {
    std::string name;
    std::string hash;
    bool read_only = false;
    int64_t created_ms = 0;
    bool operator==(const StoredApiToken&) const = default;
};

// The kept output of one container of a job run (schema/job_messages.h).
struct StoredJobOutput {
    int64_t run_id = 0;
    int replica = 0;
    std::string node;
    int attempt = 0;
    std::string output;
    bool truncated = false;
    int64_t updated_ms = 0;
    bool operator==(const StoredJobOutput&) const = default;
};

class Store {
  public:
    virtual ~Store() = default;

    virtual Result<ClusterState> load() = 0;
    // Commits the change in one transaction; returns the appended events with their ids.
    virtual Result<std::vector<Event>> apply(const StateChange& change) = 0;
    // The newest `limit` events at or after `since_ms`, oldest first.
    virtual Result<std::vector<Event>> events(int64_t since_ms, int64_t limit) = 0;

    // Shipped content (docs/compose-files.md). Blobs are immutable and named by their hash, so
    // they are written in their own transaction before the stack that references them: a
    // crash between the two leaves an unreferenced blob, never a stack without its files.
    virtual Status put_blobs(const std::vector<StoredBlob>& blobs, int64_t now_ms) = 0;
    virtual Result<std::optional<std::string>> blob(const std::string& hash) = 0;

    // Secrets, sealed, and named configs (each a blob). Put replaces; remove of a missing
    // name is not an error.
    virtual Status put_secret(const StoredSecret& secret) = 0;
    virtual Status remove_secret(const std::string& name) = 0;
    virtual Result<std::vector<StoredSecret>> secrets() = 0;
    virtual Status put_config(const std::string& name, const StoredBlob& blob, int64_t now_ms) = 0;
    virtual Status remove_config(const std::string& name) = 0;
    // Name -> hash, sorted by name.
    virtual Result<std::map<std::string, std::string>> configs() = 0;

    // Environments, sorted by name, `default` included. Put inserts; remove of a missing name
    // is not an error.
    virtual Status put_environment(const StoredEnvironment& environment) = 0;
    virtual Status remove_environment(const std::string& name) = 0;
    virtual Result<std::vector<StoredEnvironment>> environments() = 0;

    // API tokens, sorted by name. Put inserts and refuses a name that exists; remove of a
    // missing name is not an error.
    virtual Status put_api_token(const StoredApiToken& token) = 0;
    virtual Status remove_api_token(const std::string& name) = 0;
    virtual Result<std::vector<StoredApiToken>> api_tokens() = 0;

    // Learned memory (docs/memory.md): usage histories, written apart from the desired state
    // and only now and then. They are observations, so a crash that loses the last minute of
    // one costs nothing; a limit the hub applies is part of the service's spec instead. Put
    // replaces the named services' rows and deletes the `removed` ones ("STACK/SERVICE" keys
    // as pairs) in one transaction.
    virtual Status put_memory_histories(
        const std::vector<StoredMemoryHistory>& histories,
        const std::vector<std::pair<std::string, std::string>>& removed) = 0;
    virtual Result<std::vector<StoredMemoryHistory>> memory_histories() = 0;

    // Job output (docs/jobs.md), kept per run and container, the newest attempt's only. Put
    // replaces and is ignored for a run that is no longer stored. Written apart from the
    // desired state: a run's record says how it ended; its output is what it printed.
    virtual Status put_job_output(const StoredJobOutput& output) = 0;
    virtual Result<std::vector<StoredJobOutput>> job_outputs(int64_t run_id) = 0;
};

}  // namespace edge
