#include "security/broker/dynsec_roles.h"

namespace edge {

using nlohmann::json;

namespace {

// Subscribing needs the subscribe ACL; receiving what matches needs publishClientReceive too,
// because the default denies receiving.
void allow_read(RoleSpec& role, const std::string& topic) {
    role.acls.push_back({"subscribePattern", topic});
    role.acls.push_back({"publishClientReceive", topic});
}

void allow_write(RoleSpec& role, const std::string& topic) {
    role.acls.push_back({"publishClientSend", topic});
}

json role_json(const RoleSpec& role) {
    json acls = json::array();
    // Priorities only order allow/deny conflicts; every entry here allows, so one suffices.
    for (const auto& acl : role.acls) {
        acls.push_back(
            {{"acltype", acl.type}, {"topic", acl.topic}, {"priority", 0}, {"allow", true}});
    }
    return {{"rolename", role.name}, {"acls", acls}};
}

json client_json(const std::string& username, const PasswordHash& password,
                 const std::vector<std::string>& roles, const std::string& text) {
    json role_list = json::array();
    for (const auto& role : roles) role_list.push_back({{"rolename", role}});
    return {{"username", username},
            {"textName", text},
            {"password", password.hash_base64},
            {"salt", password.salt_base64},
            {"iterations", password.iterations},
            {"roles", role_list}};
}

}  // namespace

RoleSpec hub_role(const AccessTopics& topics) {
    const std::string& p = topics.prefix();
    RoleSpec role{kHubUsername, {}};
    for (const char* kind : {"status", "report", "log", "fetch", "job-output"}) {
        allow_read(role, p + "/nodes/+/" + kind);
    }
    allow_read(role, p + "/hub/requests");
    allow_read(role, p + "/hub/env/+/requests");
    allow_read(role, topics.credentials());
    allow_read(role, topics.all_join_requests());
    allow_write(role, p + "/nodes/+/desired");
    allow_write(role, p + "/nodes/+/logs");
    allow_write(role, p + "/nodes/+/fetched");
    allow_write(role, p + "/events");
    // The hub answers on the response topic a request names; limiting where it may write keeps
    // a request from steering the hub into publishing on a node's desired topic.
    allow_write(role, p + "/clients/+/response");
    allow_write(role, p + "/clients/+/+/response");
    allow_write(role, p + "/join/+/response");
    allow_write(role, p + "/clients/+/logs");
    return role;
}

RoleSpec broker_admin_role() {
    RoleSpec role{"edge-broker-admin", {}};
    allow_read(role, "$CONTROL/dynamic-security/#");
    allow_write(role, "$CONTROL/dynamic-security/#");
    return role;
}

RoleSpec admin_role(const AccessTopics& topics) {
    const std::string& p = topics.prefix();
    RoleSpec role{kAdminUsername, {}};
    allow_write(role, p + "/hub/requests");
    allow_write(role, p + "/hub/env/+/requests");
    allow_write(role, topics.credentials());
    allow_read(role, p + "/clients/+/response");
    allow_read(role, p + "/events");
    allow_read(role, p + "/clients/+/logs");
    return role;
}

RoleSpec node_role(const AccessTopics& topics, const std::string& node) {
    Topics tree(topics.prefix());
    RoleSpec role{node_username(node), {}};
    allow_read(role, tree.desired(node));
    allow_read(role, tree.logs_command(node));
    allow_write(role, tree.status(node));
    allow_write(role, tree.report(node));
    allow_write(role, topics.node_log(node));
    // Shipped files and secrets: the node asks on its own topic and reads only its own answers.
    allow_write(role, tree.fetch(node));
    allow_read(role, tree.fetched(node));
    allow_write(role, tree.job_output(node));
    return role;
}

RoleSpec environment_role(const AccessTopics& topics, const std::string& environment,
                          const std::string& name) {
    Topics tree(topics.prefix());
    std::string username = environment_username(environment, name);
    RoleSpec role{username, {}};
    allow_write(role, tree.environment_requests(environment));
    allow_read(role, tree.scoped_response(username, "+"));
    return role;
}

RoleSpec join_role(const AccessTopics& topics, const std::string& node) {
    RoleSpec role{join_username(node), {}};
    allow_write(role, topics.join_request(node));
    allow_read(role, topics.join_response(node));
    return role;
}

json initial_dynsec_config(const AccessTopics& topics, const PasswordHash& hub,
                           const PasswordHash& admin) {
    RoleSpec broker_admin = broker_admin_role();
    return {
        {"defaultACLAccess",
         {{"publishClientSend", false},
          {"publishClientReceive", false},
          {"subscribe", false},
          {"unsubscribe", true}}},
        {"clients",
         {client_json(kHubUsername, hub, {kHubUsername, broker_admin.name}, "edgeorch hub"),
          client_json(kAdminUsername, admin, {kAdminUsername}, "edgectl administrator")}},
        {"roles",
         {role_json(hub_role(topics)), role_json(broker_admin), role_json(admin_role(topics))}},
        {"groups", json::array()},
    };
}

json create_role_command(const RoleSpec& role) {
    json command = role_json(role);
    command["command"] = "createRole";
    return command;
}

json delete_role_command(const std::string& role) {
    return {{"command", "deleteRole"}, {"rolename", role}};
}

json create_client_command(const std::string& username, const std::string& password,
                           const std::string& role, const std::string& text) {
    return {{"command", "createClient"},
            {"username", username},
            {"password", password},
            {"textname", text},
            {"roles", {{{"rolename", role}, {"priority", 0}}}}};
}

json delete_client_command(const std::string& username) {
    return {{"command", "deleteClient"}, {"username", username}};
}

}  // namespace edge
