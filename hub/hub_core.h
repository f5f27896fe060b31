// HubCore: everything the hub decides, without the network. It owns the store, the cached
// desired state and the observed state, turns one incoming MQTT message into an Outcome
// (what to publish and what to answer), and drops anything malformed or mismatched with a
// rate-limited log line and "rejected" event. Tests drive it directly, with no broker.
// Thread-safety: none; the hub calls it from its single worker thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/nodes/node_liveness.h"
#include "core/placement/placement.h"
#include "hub/api/api_principal.h"
#include "hub/api/log_sessions.h"
#include "hub/api/rate_limiter.h"
#include "hub/jobs/job_policies.h"
#include "hub/memory/memory_learning.h"
#include "hub/notify/webhook_config.h"
#include "hub/state/observed_state.h"
#include "hub/state/rollouts.h"
#include "hub/state/transition.h"
#include "hub/store/store.h"
#include "schema/topics.h"

namespace edge {

class SecretCipher;

// A request of the HTTP API (hub/http/), answered like one from edgectl, with the HTTP status
// that fits: 200, 400 (refused by its handler), 401 (no such token), 403 (not this token's to
// do), 404 (no such operation), 500 (the store failed).
struct ApiReply {
    int status = 200;
    Outcome outcome;  // its response says what happened
};

class HubCore {
  public:
    // Loads the stored state. Fails when the store cannot be read.
    static Result<std::unique_ptr<HubCore>> create(std::unique_ptr<Store> store,
                                                   PlacementConfig placement, Topics topics,
                                                   LivenessConfig liveness = {});

    // One message from the broker. `has_response_topic` tells whether a request can be
    // answered; a request that cannot is rejected unexecuted.
    Outcome handle_message(const std::string& topic, std::string_view payload,
                           bool has_response_topic, int64_t now_ms);

    // One request of the HTTP API, as `who` (a token, or the edgectl identity after a password
    // login). It runs the handlers edgectl's requests run, and records an "api" event naming
    // who for each change.
    ApiReply handle_api_request(const ApiPrincipal& who, const Request& request, int64_t now_ms);

    // Judges every node's liveness (heartbeat timeouts, grace periods), advances rolling
    // updates and drives jobs (hub/jobs/job_driver.h). The hub calls it a few times a second while
    // it is connected to the broker.
    Outcome tick(int64_t now_ms);
    // Reports that reached the hub, by node, with when they arrived: the hub notes them as they
    // come, before its worker gets to them (or drops them when it is overloaded). Names that
    // are no known node's are ignored.
    void reports_arrived(const std::map<std::string, int64_t>& arrivals);
    // Stores `event` with the state unchanged: for the hub's own notices and for what happens
    // beside the core (node enrollment), which must reach the event log too.
    Outcome record_event(Event event, int64_t now_ms);
    // Secrets are served and stored only with a key (hub/files/secret_cipher.h).
    void use_secret_cipher(const SecretCipher* cipher) { cipher_ = cipher; }
    // Learned memory limits (docs/memory.md): --default-memory, the observation window, the
    // ceiling. The histories loaded at create() are kept.
    void configure_memory(const MemoryLearningConfig& config) { memory_.set_config(config); }
    // The hub (re)connected: silence before this moment is not the nodes' fault.
    void start_watching(int64_t now_ms) { watching_since_ms_ = now_ms; }

    // The complete desired set of a node at its current generation.
    DesiredSet desired_set(const std::string& node) const;
    std::vector<std::string> node_names() const;
    const ClusterState& state() const { return state_; }
    const ObservedState& observed() const { return observed_; }
    // Every environment's own webhooks, opened with the secret key
    // (hub/notify/environment_webhooks.h).
    Result<std::map<std::string, std::vector<Webhook>>> environment_webhooks();

  private:
    HubCore(std::unique_ptr<Store> store, ClusterState state, PlacementConfig placement,
            Topics topics, LivenessConfig liveness);
    HandlerContext context(int64_t now_ms);
    // `environment`: the request came on that environment's own topic, and is confined to it.
    Outcome on_request(const std::string& topic, std::string_view payload, bool has_response_topic,
                       const std::string& environment, int64_t now_ms);
    Outcome on_node_message(const NodeTopic& topic, std::string_view payload, int64_t now_ms);
    Outcome on_log_batch(const std::string& node, std::string_view payload, int64_t now_ms);
    Outcome on_fetch(const std::string& node, std::string_view payload, int64_t now_ms);
    Outcome on_job_output(const std::string& node, std::string_view payload, int64_t now_ms);
    // Drops a message: logs and records a "rejected" event, both rate-limited.
    Outcome reject(const std::string& topic, const std::string& why, int64_t now_ms);
    Outcome finish(Result<Outcome> outcome, const std::string& what);

    std::unique_ptr<Store> store_;
    ClusterState state_;
    ObservedState observed_;
    PlacementConfig placement_;
    Topics topics_;
    LivenessConfig liveness_;
    int64_t watching_since_ms_ = 0;
    const SecretCipher* cipher_ = nullptr;
    LogSessions log_sessions_;          // `edgectl logs` sessions; in memory only (log_sessions.h)
    RateLimiter rejections_{20, 1000};  // bursts of 20, then one a second
    UpSince rollout_up_since_;          // switched replicas seen up, for update_config.monitor
    MemoryLearning memory_;             // usage histories of learning services
    JobPolicies jobs_;                  // compiled job policies and their time zones
};

}  // namespace edge
