// The HTTP API wired to a Hub: its calls run on the hub's worker (Hub::call_api), its live
// streams get the hub's events and its log sessions' batches, password logins are checked by the
// broker, node add goes to the enrollment service, and it speaks TLS with the certificate
// `edge-hub init` made in the TLS directory when there is one.
// Thread-safety: call before Hub::start, from main's thread.
#pragma once

#include <memory>
#include <string>

#include "hub/http/api_server.h"
#include "hub/hub.h"
#include "security/broker/enrollment_service.h"

namespace edge::http {

struct HubApiOptions {
    std::string listen;
    // edge-hub's --tls-dir; "" or one without http.crt gives plain HTTP, with a warning.
    std::string tls_dir;
    // edge-hub's --broker: a plain mqtt:// one (the loopback listener, which checks passwords)
    // lets the edgectl identity log in with its password.
    std::string broker_url;
    std::string topic_prefix = kDefaultTopicPrefix;
    // Issues join tokens for node add; null on a hub without broker identities. Must outlive
    // the server.
    EnrollmentService* enrollment = nullptr;
};

Result<std::unique_ptr<ApiServer>> start_hub_api(Hub& hub, const HubApiOptions& options);

}  // namespace edge::http
