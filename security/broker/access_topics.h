// The topics and broker identities that access control is built on. The broker enforces
// everything here: each node is its own Mosquitto dynamic-security client, named
// node_username(node), holding one role with literal topics for that node only. Mosquitto 2.0's
// dynamic-security plugin does not substitute %u in ACL topics, so each node gets its own role.
//
//   <prefix>/hub/credentials           edgectl -> hub: node.add / node.revoke (request/response)
//   <prefix>/join/<node>/request       joining agent -> hub: trade a join token for credentials
//   <prefix>/join/<node>/response      hub -> joining agent: the node's username and password
//   <prefix>/nodes/<node>/log          agent -> hub: container log batches (topics.h)
//
// Thread-safety: plain values.
#pragma once

#include <string>

#include "schema/topics.h"

namespace edge {

inline constexpr const char* kHubUsername = "edge-hub";
inline constexpr const char* kAdminUsername = "edgectl";

// "node:<name>" and "join:<name>": node names never contain ':', so these never collide with
// each other or with the hub's and edgectl's usernames.
inline std::string node_username(const std::string& node) {
    return "node:" + node;
}
inline std::string join_username(const std::string& node) {
    return "join:" + node;
}
// An edgectl identity limited to one environment: "env:<environment>:<name>". The broker lets
// it write only that environment's request topic (Topics::environment_requests) and read only
// answers under its own name (Topics::scoped_response).
inline std::string environment_username(const std::string& environment, const std::string& name) {
    return "env:" + environment + ":" + name;
}
// The environment an "env:<environment>:<name>" username is limited to; empty for any other.
std::string environment_of_username(const std::string& username);

class AccessTopics {
  public:
    explicit AccessTopics(std::string prefix = kDefaultTopicPrefix) : prefix_(std::move(prefix)) {}

    const std::string& prefix() const { return prefix_; }
    std::string credentials() const { return prefix_ + "/hub/credentials"; }
    std::string join_request(const std::string& node) const { return join(node) + "/request"; }
    std::string join_response(const std::string& node) const { return join(node) + "/response"; }
    std::string all_join_requests() const { return prefix_ + "/join/+/request"; }
    std::string node_log(const std::string& node) const {
        return prefix_ + "/nodes/" + node + "/log";
    }
    // The node named in "<prefix>/join/<node>/request"; empty for any other topic.
    std::string join_request_node(const std::string& topic) const;

  private:
    std::string join(const std::string& node) const { return prefix_ + "/join/" + node; }
    std::string prefix_;
};

}  // namespace edge
