// X.509 work for node certificates, in process through OpenSSL's EVP and X509 APIs (no crypto
// of our own): the node's key and certificate request, the CA's signature bound to the
// identity node:<name>, the CA's public-key fingerprint that a join command pins, and the
// revocation list the broker reads. Everything is PEM text in and out; files are the caller's.
// Thread-safety: stateless; OpenSSL's RNG is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace edge {

struct KeyAndRequest {
    std::string key_pem;      // PKCS#8, unencrypted: write it 0600
    std::string request_pem;  // PKCS#10, subject CN=common_name, signed by the key
};

// A fresh EC P-256 key and a request for a certificate naming `common_name`.
Result<KeyAndRequest> make_key_and_request(const std::string& common_name);

struct KeyAndCertificate {
    std::string key_pem;
    std::string certificate_pem;
};

// A self-signed CA (EC P-256, CA:TRUE, keyCertSign and cRLSign) named CN=common_name.
Result<KeyAndCertificate> make_certificate_authority(const std::string& common_name, int64_t now,
                                                     int64_t valid_seconds);

// "sha256:" and the lowercase hex SHA-256 of the certificate's DER SubjectPublicKeyInfo, as
// kubeadm's --discovery-token-ca-cert-hash: it names the key, whatever else the certificate says.
Result<std::string> public_key_fingerprint(std::string_view certificate_pem);

// Signed certificate and its serial (lowercase hex), which a revocation lists.
struct IssuedCertificate {
    std::string pem;
    std::string serial;
};

// Checks the request (well-formed, its own signature, the subject exactly CN=expected_name)
// and signs a client certificate for its key: CA:FALSE, digital signature, clientAuth only,
// valid from five minutes before `now` for `valid_seconds`. Every other part of the request
// (extensions, other subject fields) is refused, so a node cannot ask for more.
Result<IssuedCertificate> sign_client_request(std::string_view request_pem,
                                              const std::string& expected_name,
                                              std::string_view ca_cert_pem,
                                              std::string_view ca_key_pem, int64_t now,
                                              int64_t valid_seconds);

// A CRL signed by the CA listing `serials` (hex), valid from `now` for `valid_seconds`.
Result<std::string> make_revocation_list(std::string_view ca_cert_pem, std::string_view ca_key_pem,
                                         const std::vector<std::string>& serials, int64_t now,
                                         int64_t valid_seconds);

// When the certificate expires, in seconds since 1970.
Result<int64_t> certificate_not_after(std::string_view certificate_pem);

// The certificate's subject common name.
Result<std::string> certificate_common_name(std::string_view certificate_pem);

// OK when `certificate_pem` is signed by the key of `ca_pem`.
Status check_signed_by(std::string_view certificate_pem, std::string_view ca_pem);

// OK when the certificate's public key is the one of `key_pem`.
Status check_certificate_key(std::string_view certificate_pem, std::string_view key_pem);

// Of the PEM certificates a server sent, the one whose public key has `fingerprint`; it must be
// a CA certificate and must have signed the first one (the server's own). Refuses otherwise,
// naming the fingerprints it saw, so the owner can tell a wrong pin from a wrong broker.
Result<std::string> select_pinned_ca(const std::vector<std::string>& chain_pem,
                                     const std::string& fingerprint);

}  // namespace edge
