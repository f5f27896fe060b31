#include "security/broker/role_upgrade.h"

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

std::vector<AclEntry> missing_acls(const RoleSpec& wanted, const json& role_data) {
    std::vector<AclEntry> have;
    auto role = role_data.find("role");
    if (role != role_data.end() && role->is_object()) {
        auto acls = role->find("acls");
        if (acls != role->end() && acls->is_array()) {
            for (const auto& acl : *acls) {
                if (!acl.is_object()) continue;
                have.push_back(
                    {acl.value("acltype", std::string()), acl.value("topic", std::string())});
            }
        }
    }
    std::vector<AclEntry> missing;
    for (const auto& acl : wanted.acls) {
        bool present = std::any_of(have.begin(), have.end(), [&](const AclEntry& h) {
            return h.type == acl.type && h.topic == acl.topic;
        });
        if (!present) missing.push_back(acl);
    }
    return missing;
}

json add_role_acl_command(const std::string& role, const AclEntry& acl) {
    return {{"command", "addRoleACL"}, {"rolename", role}, {"acltype", acl.type},
            {"topic", acl.topic},      {"priority", 0},    {"allow", true}};
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
        auto current = dynsec.query({{"command", "getRole"}, {"rolename", role.name}});
        // A role deleted meanwhile (a node removed) needs nothing.
        if (!current) continue;
        ++report.roles;
        for (const auto& acl : missing_acls(role, *current)) {
            auto error = dynsec.run(add_role_acl_command(role.name, acl));
            if (!error) return error.error();
            if (!error->empty()) {
                return make_error("broker refused addRoleACL for " + role.name + ": " + *error);
            }
            ++report.added;
            report.added_acls.push_back(role.name + " " + acl.type + " " + acl.topic);
        }
    }
    return report;
}

}  // namespace edge
