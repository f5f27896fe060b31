// An environment's own webhooks (edgectl env create|set --webhook): sealed in the store, since
// their URLs often carry tokens, and opened by the hub to post that environment's events.
// Thread-safety: plain functions over values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "hub/notify/webhook_config.h"
#include "hub/store/store.h"

namespace edge {

class SecretCipher;

// The sealed form of webhook lines for the environment; "" for none. Each line must parse
// (parse_webhook). Without a cipher, webhooks cannot be stored.
Result<std::string> seal_environment_webhooks(const SecretCipher* cipher,
                                              const std::string& environment,
                                              const std::vector<std::string>& lines);

// The webhook lines of a stored environment, opened.
Result<std::vector<std::string>> open_environment_webhooks(const SecretCipher* cipher,
                                                           const StoredEnvironment& environment);

// Every environment's webhooks, by environment; environments without any are left out, and
// one whose webhooks cannot be opened is an error naming it.
Result<std::map<std::string, std::vector<Webhook>>> load_environment_webhooks(
    Store& store, const SecretCipher* cipher);

// The environment an event belongs to: the one of the stack its subject names ("shop@preprod"
// or "shop@preprod/web"); "" for events about nodes and the cluster.
std::string event_environment(const ClusterState& state, const Event& event);

}  // namespace edge
