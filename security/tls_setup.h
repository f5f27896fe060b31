// Certificates for the broker's mutual-TLS listener, made with the openssl command at
// `edge-hub init --tls`: a private CA, the broker's server certificate (for the given host
// names and addresses, plus localhost), and client certificates signed by the CA. The broker
// accepts a TLS client only with a certificate from this CA, and then still asks for the
// identity's password, so a stolen certificate alone does not let anyone in.
// Keys are EC P-256 and written 0600; certificates are valid for ten years.
// Thread-safety: stateless; runs child processes.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

// File names inside the TLS directory.
inline constexpr const char* kCaCertFile = "ca.crt";
inline constexpr const char* kServerCertFile = "server.crt";
inline constexpr const char* kServerKeyFile = "server.key";

// Creates the CA and the server certificate in `dir`. `names` are DNS names or IP addresses
// the broker is reached by.
Status write_tls_authority(const std::string& dir, const std::vector<std::string>& names);

// Issues <dir>/<name>.crt and <dir>/<name>.key, signed by the CA in `dir`.
Status issue_client_certificate(const std::string& dir, const std::string& name);

// The mosquitto.conf lines of the mutual-TLS listener.
std::string tls_listener_config(const std::string& dir, const std::string& address, int port);

}  // namespace edge
