#include "security/role_upgrade.h"

#include <algorithm>

namespace edge {

using nlohmann::json;

std::vector<RoleSpec> roles_to_upgrade(const AccessTopics& topics,
                                       const std::vector<std::string>& role_names) {
    std::vector<RoleSpec> roles;
    auto present = [&](const std::string& name) {
        return std::find(role_names.begin(), role_names.end(), name) != role_names.end();
    };
    if (present(kHubUsername)) roles.push_back(hub_role(topics));
    if (present(kAdminUsername)) roles.push_back(admin_role(topics));
    const std::string node_prefix = node_username("");
    for (const auto& name : role_names) {
        if (name.rfind(node_prefix, 0) != 0 || name.size() == node_prefix.size()) continue;
        roles.push_back(node_role(topics, name.substr(node_prefix.size())));
    }
    return roles;
}

json add_role_acl_command(const std::string& role, const AclEntry& acl) {
    return {{"command", "addRoleACL"},
            {"rolename", role},
            {"acltype", acl.type},
            {"topic", acl.topic},
            {"priority", 0},
            {"allow", true}};
}

Result<RoleUpgradeReport> upgrade_roles(DynsecClient& dynsec, const AccessTopics& topics) {
    auto listed = dynsec.query({{"command", "listRoles"}, {"verbose", false}});
    if (!listed) return listed.error();
    std::vector<std::string> names;
    auto roles = listed->find("roles");
    if (roles == listed->end() || !roles->is_array()) {
        return make_error("the broker's listRoles answer has no role list");
    }
    for (const auto& role : *roles) {
        // Non-verbose answers list names; verbose ones, objects with "rolename".
        if (role.is_string()) names.push_back(role.get<std::string>());
        if (role.is_object() && role.contains("rolename") && role["rolename"].is_string()) {
            names.push_back(role["rolename"].get<std::string>());
        }
    }
    RoleUpgradeReport report;
    for (const auto& role : roles_to_upgrade(topics, names)) {
        ++report.roles;
        for (const auto& acl : role.acls) {
            auto error = dynsec.run(add_role_acl_command(role.name, acl));
            if (!error) return error.error();
            // The plugin refuses an ACL the role already has: that one is up to date.
            if (error->empty()) ++report.added;
        }
    }
    return report;
}

}  // namespace edge
