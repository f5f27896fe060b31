// What each identity may do, as Mosquitto dynamic-security roles, and the plugin's commands
// and initial configuration built from them. Pure: JSON in, JSON out; no I/O.
//
// Identities and their roles (topics under the prefix):
//   edge-hub   role "edge-hub": reads nodes/+/{status,report,log}, hub/requests,
//              hub/env/+/requests, hub/credentials, join/+/request; writes nodes/+/desired,
//              events, clients/+/response, clients/+/+/response, join/+/response. Role
//              "edge-broker-admin": the plugin's $CONTROL topics, so the hub can add and revoke
//              node credentials at run time.
//   edgectl    role "edgectl": writes hub/requests, hub/env/+/requests and hub/credentials;
//              reads clients/+/response and events.
//   env:<e>:<n> role of the same name: writes hub/env/<e>/requests; reads
//              clients/env:<e>:<n>/+/response. An edgectl identity limited to environment <e>
//              (`edgectl env grant`); the hub confines what that topic may do to <e>.
//   node:<n>   role "node:<n>": reads nodes/<n>/desired; writes nodes/<n>/{status,report,log}.
//   join:<n>   role "join:<n>": writes join/<n>/request; reads join/<n>/response. Deleted
//              once used.
// Everything else is denied: the default ACL access denies publishing, receiving and
// subscribing, so a new identity can do nothing until a role says so.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "security/broker/access_topics.h"

namespace edge {

struct AclEntry {
    std::string type;  // publishClientSend, publishClientReceive, subscribeLiteral, ...
    std::string topic;
};

struct RoleSpec {
    std::string name;
    std::vector<AclEntry> acls;
};

RoleSpec hub_role(const AccessTopics& topics);
RoleSpec broker_admin_role();
RoleSpec admin_role(const AccessTopics& topics);
RoleSpec node_role(const AccessTopics& topics, const std::string& node);
RoleSpec join_role(const AccessTopics& topics, const std::string& node);
RoleSpec environment_role(const AccessTopics& topics, const std::string& environment,
                          const std::string& name);

// How the plugin stores a password: PBKDF2-SHA512, base64 hash and salt.
struct PasswordHash {
    std::string hash_base64;
    std::string salt_base64;
    int iterations = 0;
};

// The plugin's configuration file for a fresh hub: the hub and edgectl identities with their
// roles, the node role template's siblings, and default access denied.
nlohmann::json initial_dynsec_config(const AccessTopics& topics, const PasswordHash& hub,
                                     const PasswordHash& admin);

// Commands for "$CONTROL/dynamic-security/v1", one per call. Each carries `correlation` so its
// answer can be matched.
nlohmann::json create_role_command(const RoleSpec& role);
nlohmann::json delete_role_command(const std::string& role);
nlohmann::json create_client_command(const std::string& username, const std::string& password,
                                     const std::string& role, const std::string& text);
nlohmann::json delete_client_command(const std::string& username);

}  // namespace edge
