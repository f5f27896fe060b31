// The HTTP API wired to a Hub: its calls run on the hub's worker (Hub::call_api), its live
// streams get the hub's events, and it speaks TLS with the certificate `edge-hub init` made in
// the TLS directory when there is one.
// Thread-safety: call before Hub::start, from main's thread.
#pragma once

#include <memory>
#include <string>

#include "hub/http/api_server.h"
#include "hub/hub.h"

namespace edge::http {

// `tls_dir`: edge-hub's --tls-dir; "" or one without http.crt gives plain HTTP, with a warning.
Result<std::unique_ptr<ApiServer>> start_hub_api(Hub& hub, const std::string& listen,
                                                 const std::string& tls_dir);

}  // namespace edge::http
