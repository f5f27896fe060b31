#include "security/broker/credential_authority.h"

#include "security/broker/dynsec_roles.h"
#include "security/secrets.h"

namespace edge {

namespace {

// The plugin's own error texts for deleting what is not there, and creating what is.
constexpr const char* kClientNotFound = "Client not found";
constexpr const char* kRoleNotFound = "Role not found";
constexpr const char* kRoleExists = "Role already exists";

}  // namespace

Status CredentialAuthority::run(const nlohmann::json& command, const std::string& tolerated) {
    auto error = dynsec_.run(command);
    if (!error) return error.error();
    if (error->empty() || *error == tolerated) return ok_status();
    return make_error("broker refused " + command.value("command", "a command") + ": " + *error);
}

Result<std::string> CredentialAuthority::issue_join_token(const std::string& node) {
    auto token = random_secret();
    if (!token) return token.error();
    if (Status s = retire_join_token(node); !s) return s.error();
    if (Status s = run(create_role_command(join_role(topics_, node))); !s) return s.error();
    Status created = run(create_client_command(join_username(node), *token, join_username(node),
                                               "join token for node " + node));
    if (!created) return created.error();
    return token;
}

Result<NodeCredentials> CredentialAuthority::create_node_identity(const std::string& node) {
    auto password = random_secret();
    if (!password) return password.error();
    const std::string username = node_username(node);
    if (Status s = run(delete_client_command(username), kClientNotFound); !s) return s.error();
    // An earlier identity's role says the same thing, so an existing one is fine.
    if (Status s = run(create_role_command(node_role(topics_, node)), kRoleExists); !s) {
        return s.error();
    }
    Status created =
        run(create_client_command(username, *password, username, "edgeorch node " + node));
    if (!created) return created.error();
    return NodeCredentials{node, username, *password};
}

Result<std::string> CredentialAuthority::create_environment_identity(const std::string& environment,
                                                                     const std::string& name) {
    auto password = random_secret();
    if (!password) return password.error();
    const std::string username = environment_username(environment, name);
    if (Status s = run(delete_client_command(username), kClientNotFound); !s) return s.error();
    if (Status s =
            run(create_role_command(environment_role(topics_, environment, name)), kRoleExists);
        !s) {
        return s.error();
    }
    Status created = run(create_client_command(username, *password, username,
                                               "edgectl limited to environment " + environment));
    if (!created) return created.error();
    return password;
}

Status CredentialAuthority::revoke_environment_identity(const std::string& environment,
                                                        const std::string& name) {
    const std::string username = environment_username(environment, name);
    if (Status s = run(delete_client_command(username), kClientNotFound); !s) return s;
    return run(delete_role_command(username), kRoleNotFound);
}

Status CredentialAuthority::retire_join_token(const std::string& node) {
    if (Status s = run(delete_client_command(join_username(node)), kClientNotFound); !s) return s;
    return run(delete_role_command(join_username(node)), kRoleNotFound);
}

Status CredentialAuthority::revoke(const std::string& node) {
    if (Status s = retire_join_token(node); !s) return s;
    if (Status s = run(delete_client_command(node_username(node)), kClientNotFound); !s) return s;
    return run(delete_role_command(node_username(node)), kRoleNotFound);
}

}  // namespace edge
