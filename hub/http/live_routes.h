// The HTTP API's live streams, as Server-Sent Events:
//   GET /api/v1/events/stream                       every event as the hub publishes it
//   GET /api/v1/services/{stack}/{service}/logs     the service's logs, followed: the last
//       ?tail=N&environment=E                       `tail` lines of each replica (100), then
//                                                   each new line
// A log stream is an `edgectl logs -f` session of the hub's (hub/api/log_handlers.h) whose
// batches the hub hands to this server instead of the broker (Hub::on_log_relay): the stream
// renews the session's lease while the client reads and stops it when the client goes.
// Thread-safety: each handler runs on the server thread of its connection.
#pragma once

#include <optional>
#include <string>

#include <httplib.h>

#include "hub/http/api_context.h"

namespace edge::http {

// The API's log sessions are named so; the hub keeps their batches off the broker.
inline constexpr const char* kHttpLogSessionPrefix = "http-";

// The service ("STACK/SERVICE") whose logs `path` asks for; nullopt for any other path.
std::optional<std::string> log_stream_service(const std::string& path);

void stream_events(const ApiPrincipal& who, httplib::Response& res, const ApiContext& api);
void stream_logs(const httplib::Request& req, const std::string& service, const ApiPrincipal& who,
                 httplib::Response& res, const ApiContext& api);

}  // namespace edge::http
