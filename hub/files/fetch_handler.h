// The hub's answer to an agent's fetch (schema/fetch_messages.h): a blob by hash, or a
// secret's value by name, only when the node's own desired set references it. The node's
// identity is the topic it wrote on, which the broker lets only that node write.
// Thread-safety: none; the hub's worker thread.
#pragma once

#include <string>
#include <string_view>

#include "hub/state/transition.h"
#include "hub/store/store.h"
#include "schema/topics.h"

namespace edge {

class SecretCipher;

struct FetchContext {
    const ClusterState& state;
    Store& store;
    const Topics& topics;
    const SecretCipher* cipher;  // null: the hub has no key, so it serves no secret
};

// The response to publish on topics.fetched(node), or an error for a malformed request
// (which the caller drops with a "rejected" event).
Result<Outcome> handle_fetch(const FetchContext& ctx, const std::string& node,
                             std::string_view payload);

}  // namespace edge
