// Bringing the broker roles of an existing cluster up to date. Roles are created once (the hub's
// and edgectl's by `edge-hub init`, a node's when it joins), so a release that adds an ACL
// (e.g. the log topics of `edgectl logs`) must add it to the roles already in the broker.
// upgrade_roles() lists the roles, reads the hub's, edgectl's and each node:<name> role, and adds
// with addRoleACL every ACL that the current role definitions (dynsec_roles.h) hold and the role
// lacks. It compares itself rather than relying on the plugin to refuse duplicates (Mosquitto
// 2.0.11 accepts some), so it is idempotent, and it never removes anything. The hub runs it on
// every connection to the broker.
// Thread-safety: as DynsecClient::run (not from the MQTT network thread).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "security/broker/access_topics.h"
#include "security/broker/dynsec_client.h"
#include "security/broker/dynsec_roles.h"

namespace edge {

// The roles (of those named in a listRoles answer) that upgrade_roles keeps up to date, with
// their current definitions. Join roles are short-lived and left alone.
std::vector<RoleSpec> roles_to_upgrade(const AccessTopics& topics,
                                       const std::vector<std::string>& role_names);

// The ACLs of `wanted` that a getRole answer's data ({"role": {"acls": [...]}}) lacks.
std::vector<AclEntry> missing_acls(const RoleSpec& wanted, const nlohmann::json& role_data);

// addRoleACL for one ACL of `role`.
nlohmann::json add_role_acl_command(const std::string& role, const AclEntry& acl);

struct RoleUpgradeReport {
    int roles = 0;                        // roles checked
    int added = 0;                        // ACLs added
    std::vector<std::string> added_acls;  // "ROLE ACLTYPE TOPIC", for the log
};

Result<RoleUpgradeReport> upgrade_roles(DynsecClient& dynsec, const AccessTopics& topics);

}  // namespace edge
