// The one path by which the hub changes its desired state: edit a copy of the state, let
// commit_state() re-plan it and write the difference in ONE transaction, and only then tell
// the I/O layer what to publish (durable before visible).
// Thread-safety: none; used from the hub's worker thread.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/placement/placement.h"
#include "hub/state/observed_state.h"
#include "hub/store/store.h"
#include "schema/messages.h"

namespace edge {

class SecretCipher;
class MemoryLearning;
class JobPolicies;

// A message that is not derived from the stored state (log commands and relayed log lines).
struct Publication {
    std::string topic;
    std::string payload;
    int qos = 0;
};

// What the I/O layer must do after handling one message, in this order: publish the desired
// sets of `publish_nodes`, publish `events`, publish `publications`, send `response`.
// Everything in it is committed.
struct Outcome {
    std::set<std::string> publish_nodes;
    // Last desired sets of nodes just removed: empty and of a newer generation, so a removed
    // node that still runs stops its copies. Published with publish_nodes.
    std::vector<DesiredSet> final_sets;
    // Desired sets of publish_nodes that placement already built. Each is published only while
    // its node's generation is still the one it was built for; otherwise, and for the other
    // publish_nodes, the hub builds the set from the state it then has.
    std::vector<DesiredSet> built_sets;
    std::vector<Event> events;
    std::vector<Publication> publications;
    std::optional<Response> response;
    // An environment was created, changed or removed: the hub reloads their webhooks.
    bool environments_changed = false;
};

// Adds `later` to `earlier`: both sets to publish, events in order; `later`'s response wins.
void append_outcome(Outcome& earlier, Outcome later);

// Everything a message handler may use. `state` mirrors the store's contents.
struct HandlerContext {
    Store& store;
    ClusterState& state;
    const ObservedState& observed;
    const PlacementConfig& placement;
    int64_t now_ms = 0;
    // Seals and opens secrets (hub/files/secret_cipher.h); null when the hub has no key.
    const SecretCipher* cipher = nullptr;
    // Learned memory limits (hub/memory/memory_learning.h); null where a handler runs without.
    MemoryLearning* memory = nullptr;
    // Jobs' compiled policies (hub/jobs/job_policies.h); null where a handler runs without.
    JobPolicies* jobs = nullptr;
};

// Re-plans `next` (when `run_placement`), commits the difference from ctx.state plus `events`
// in one transaction and, on success, makes `next` the current state. On failure nothing has
// changed, in the store or in memory.
Result<Outcome> commit_state(HandlerContext& ctx, ClusterState next, std::vector<Event> events,
                             bool run_placement = true);

}  // namespace edge
