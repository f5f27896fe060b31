// CredentialAuthority: issues, redeems and revokes broker credentials for nodes, and for edgectl
// identities limited to one environment, by running dynamic-security commands. A join token is the
// password of a short-lived broker identity join:<node> that may only ask for, and read, that
// node's credentials; redeeming it creates node:<node> with a fresh random password and its own
// role, and the token's identity is then deleted, which makes the token single-use. Thread-safety:
// as DynsecClient::run (not from the MQTT network thread).
#pragma once

#include <string>

#include "core/result.h"
#include "security/broker/access_topics.h"
#include "security/broker/dynsec_client.h"
#include "security/private_file.h"

namespace edge {

class CredentialAuthority {
  public:
    CredentialAuthority(DynsecClient& dynsec, AccessTopics topics)
        : dynsec_(dynsec), topics_(std::move(topics)) {}

    // A fresh single-use join token for `node`; replaces any unused earlier token.
    Result<std::string> issue_join_token(const std::string& node);

    // Creates (or re-creates, with a new password) the node's own identity.
    Result<NodeCredentials> create_node_identity(const std::string& node);

    // Deletes the join identity, so its token no longer connects. Kicks it if connected.
    Status retire_join_token(const std::string& node);

    // Deletes the node's identity, role and any unused join token. The broker disconnects a
    // connected client at once, and it cannot connect again. Idempotent.
    // This is the hook `edgectl node rm` reaches through the "node.revoke" credentials request.
    Status revoke(const std::string& node);

    // Creates (or re-creates, with a new password) env:<environment>:<name> with its own role
    // (dynsec_roles.h, environment_role); returns the password.
    Result<std::string> create_environment_identity(const std::string& environment,
                                                    const std::string& name);

    // Deletes that identity and its role; the broker disconnects it at once. Idempotent.
    Status revoke_environment_identity(const std::string& environment, const std::string& name);

  private:
    // Runs `command`; the plugin's complaint is an error unless it is `tolerated`.
    Status run(const nlohmann::json& command, const std::string& tolerated = "");

    DynsecClient& dynsec_;
    AccessTopics topics_;
};

}  // namespace edge
