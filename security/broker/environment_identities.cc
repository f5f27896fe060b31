#include "security/broker/environment_identities.h"

#include "core/environments.h"
#include "core/names.h"
#include "security/broker/access_topics.h"

namespace edge {

namespace {

using nlohmann::json;

std::string text_arg(const json& args, const char* key) {
    auto field = args.find(key);
    return field != args.end() && field->is_string() ? field->get<std::string>() : "";
}

struct IdentityName {
    std::string environment;
    std::string name;
};

Result<IdentityName> identity_name(const json& args) {
    IdentityName identity{text_arg(args, "environment"), text_arg(args, "name")};
    if (Status valid = validate_environment_name(identity.environment); !valid) {
        return valid.error();
    }
    if (Status valid = validate_name("identity", identity.name); !valid) return valid.error();
    return identity;
}

Response refused(const std::string& why) {
    return {false, why, {}};
}

}  // namespace

Response grant_environment_identity(CredentialAuthority& authority, NodeCertificates& certificates,
                                    const json& args, int64_t now) {
    auto identity = identity_name(args);
    if (!identity) return refused(identity.error().message);
    const std::string username = environment_username(identity->environment, identity->name);
    // A grant again (a lost key) retires the certificates of the earlier one: its CN is the
    // same, so the broker would take them for this identity until they are in the CRL.
    if (Status retired = certificates.revoke_identity(username, now); !retired) {
        return refused(retired.error().message);
    }
    // The certificate first: a request for another name creates nothing.
    auto certificate =
        certificates.issue_identity(username, text_arg(args, "certificate_request"), now);
    if (!certificate) return refused("certificate request: " + certificate.error().message);
    auto ca = certificates.ca_certificate();
    if (!ca) return refused(ca.error().message);
    auto password = authority.create_environment_identity(identity->environment, identity->name);
    if (!password) return refused(password.error().message);
    return {true,
            "",
            {{"username", username},
             {"environment", identity->environment},
             {"password", *password},
             {"certificate", *certificate},
             {"ca", *ca}}};
}

Response revoke_environment_identity(CredentialAuthority& authority, NodeCertificates& certificates,
                                     const json& args, int64_t now) {
    auto identity = identity_name(args);
    if (!identity) return refused(identity.error().message);
    const std::string username = environment_username(identity->environment, identity->name);
    Status revoked = authority.revoke_environment_identity(identity->environment, identity->name);
    if (!revoked) return refused(revoked.error().message);
    if (Status listed = certificates.revoke_identity(username, now); !listed) {
        return refused(listed.error().message);
    }
    return {true, "", {{"username", username}, {"revoked", true}}};
}

}  // namespace edge
