// The enrollment service's answers to `edgectl env grant` and `edgectl env revoke`: an edgectl
// identity limited to one environment. Granting signs the certificate request edgectl made (its
// key never leaves the machine that asked) for CN=env:<environment>:<name>, then creates the
// broker identity of that name, with its own role (dynsec_roles.h, environment_role) and a fresh
// password for the loopback listener. On the mutual-TLS listener the certificate's CN is the
// username (use_identity_as_username), so the same role applies there.
// The broker enforces which topics the identity may use; the hub enforces what a request on its
// environment's topic may do (hub/api/environment_scope.h).
// Thread-safety: as CredentialAuthority (the enrollment service's worker).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "schema/messages.h"
#include "security/broker/credential_authority.h"
#include "security/pki/node_certificates.h"

namespace edge {

// args {"environment", "name", "certificate_request"}. Granting a name again replaces the
// password and lists the earlier certificates in the CRL.
Response grant_environment_identity(CredentialAuthority& authority, NodeCertificates& certificates,
                                    const nlohmann::json& args, int64_t now);

// args {"environment", "name"}: deletes the identity and lists its certificates in the CRL.
Response revoke_environment_identity(CredentialAuthority& authority, NodeCertificates& certificates,
                                     const nlohmann::json& args, int64_t now);

}  // namespace edge
