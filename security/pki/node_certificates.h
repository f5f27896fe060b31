// NodeCertificates: the hub's side of node certificates, over the TLS directory that
// `edge-hub init` made. It signs a joining node's request with the cluster's CA (the identity
// is always node:<name>, whatever else the request says), remembers each node's serials, and on
// revocation lists them in the CRL the broker reads (crl.pem), so a revoked node is refused
// during the TLS handshake, before any MQTT. Files in the directory:
//   ca.crt, ca.key    the CA (the key stays on the hub)
//   crl.pem           the revocation list (public; the broker reads it at start and on SIGHUP)
//   revoked           revoked serials, one a line: the CRL's source
//   issued/<node>     the serials issued to a node, one a line, until it is revoked
//   issued/<identity> the same for an edgectl identity limited to an environment
// Thread-safety: one caller at a time (the enrollment service's worker).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

// Node certificates, and the CRL, last as long as the CA (ten years); a revoked node is cut
// off by the CRL, not by expiry.
inline constexpr int64_t kNodeCertificateSeconds = 3650LL * 24 * 3600;

// Writes <tls_dir>/crl.pem from <tls_dir>/revoked (an empty list when it does not exist).
Status write_revocation_list(const std::string& tls_dir, int64_t now);

class NodeCertificates {
  public:
    explicit NodeCertificates(std::string tls_dir) : dir_(std::move(tls_dir)) {}

    // The CA's public-key fingerprint ("sha256:<hex>") that join commands pin.
    Result<std::string> ca_fingerprint() const;
    // The CA certificate, PEM.
    Result<std::string> ca_certificate() const;

    // Signs the node's request, bound to CN=node:<node>; refuses any other request.
    Result<std::string> issue(const std::string& node, std::string_view request_pem, int64_t now);

    // Lists every certificate issued to `node` in the CRL. Idempotent.
    Status revoke(const std::string& node, int64_t now);

    // The same for an edgectl identity limited to an environment ("env:<env>:<name>"): its
    // serials are kept under issued/<identity>, which no node name can collide with, since
    // node names have no ':'.
    Result<std::string> issue_identity(const std::string& identity, std::string_view request_pem,
                                       int64_t now);
    Status revoke_identity(const std::string& identity, int64_t now);

  private:
    std::string path(const std::string& name) const;
    // Signs for CN=common_name and notes the serial under issued/<record>.
    Result<std::string> issue_for(const std::string& common_name, const std::string& record,
                                  std::string_view request_pem, int64_t now);
    Status revoke_record(const std::string& record, int64_t now);
    std::string dir_;
};

}  // namespace edge
