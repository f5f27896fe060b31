// Broker identities for simulated nodes, made the way a join makes a real node's: the node's
// dynamic-security role (security/broker/dynsec_roles.h, node_role) and a client of the same
// name holding it, created over the plugin's $CONTROL topic by an identity with the
// broker-admin role (the hub's). The benchmarks then run their simulated agents on the broker
// `edge-hub init` sets up, each confined by its own ACLs, instead of on an anonymous one.
// Thread-safety: create_node_identities() blocks the calling thread until done.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge::bench {

struct BrokerAdmin {
    std::string broker_url;
    std::string username;
    std::string password;
};

// Creates the role and the client `node:NAME` with `password` for each of `nodes`.
Status create_node_identities(const BrokerAdmin& admin, const std::string& topic_prefix,
                              const std::vector<std::string>& nodes, const std::string& password);

}  // namespace edge::bench
