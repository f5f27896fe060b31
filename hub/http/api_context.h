// What every handler of the HTTP API works with: the backends it calls (the hub, the broker,
// the enrollment service), the live streams, the web logins, and whether the server speaks TLS.
// Thread-safety: the members are; the struct is immutable once the server runs.
#pragma once

#include "hub/http/api_server.h"
#include "hub/http/live_streams.h"
#include "hub/http/web_sessions.h"

namespace edge::http {

struct ApiContext {
    ApiBackends backends;
    EventStreams& events;
    LogStreams& logs;
    WebSessions& sessions;
    bool secure;               // TLS: the session cookie is Secure
    std::string topic_prefix;  // the hub's, for the join command
};

}  // namespace edge::http
