// Certificates for the broker's mutual-TLS listener, made with the openssl command at
// `edge-hub init`: a private CA, the broker's server certificate (for the given host
// names and addresses, plus localhost), and client certificates signed by the CA. The broker
// accepts a client on its LAN listener only with a certificate from this CA, whose common name
// is then the client's identity. Node certificates are signed in process at join
// (security/pki/node_certificates.h); these are the broker's and the hub machine's own.
// Keys are EC P-256 and written 0600; certificates are valid for ten years.
// Thread-safety: stateless; runs child processes, setting the process umask around each (so
// call it from a single-threaded command such as `edge-hub init`).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

// File names inside the TLS directory.
inline constexpr const char* kCaCertFile = "ca.crt";
inline constexpr const char* kServerCertFile = "server.crt";
inline constexpr const char* kServerKeyFile = "server.key";
inline constexpr const char* kCrlFileName = "crl.pem";  // see security/pki/node_certificates.h
// The hub's HTTP API (docs/api.md) serves TLS with these, when they exist.
inline constexpr const char* kHttpCertFile = "http.crt";
inline constexpr const char* kHttpKeyFile = "http.key";

// Creates the CA and the server certificate in `dir`. `names` are DNS names or IP addresses
// the broker is reached by.
Status write_tls_authority(const std::string& dir, const std::vector<std::string>& names);

// (Re-)issues the broker's server.crt (followed by the CA: its chain) and server.key, signed by
// the CA in `dir`, for `names` plus localhost and 127.0.0.1.
Status issue_server_certificate(const std::string& dir, const std::vector<std::string>& names);

// (Re-)issues the hub's HTTP API certificate http.crt (with the CA: its chain) and http.key,
// for the same names; its key is the hub's, not the broker's.
Status issue_http_certificate(const std::string& dir, const std::vector<std::string>& names);

// Issues <dir>/<name>.crt and <dir>/<name>.key, signed by the CA in `dir`.
Status issue_client_certificate(const std::string& dir, const std::string& name);

// The mosquitto.conf lines of the mutual-TLS listener: a client certificate from the CA, not
// revoked in crl.pem, is required, and its common name is the client's identity.
std::string tls_listener_config(const std::string& dir, const std::string& address, int port);

// The mosquitto.conf lines of the join listener: TLS with the broker's certificate (and the
// CA, which a joining node pins), no client certificate, and the broker's password check. It
// is where a node without a certificate yet redeems its join token.
std::string join_listener_config(const std::string& dir, const std::string& address, int port);

}  // namespace edge
