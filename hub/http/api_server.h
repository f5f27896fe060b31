// ApiServer: the HTTP API on edge-hub (`--http-listen ADDR:PORT`, docs/api.md), with
// cpp-httplib. It authenticates nothing itself and decides nothing: each request is routed
// (api_routes.h) into a request operation and handed, with its bearer token, to the hub's worker,
// which checks the token and runs the same handler an edgectl request runs. So HTTP never
// slows the MQTT loop by more than the requests it queues there.
// It speaks TLS when given a certificate (`edge-hub init` makes one, signed by the cluster's CA,
// in the TLS directory). Bounds: a few worker threads (each serves one connection at a time), 4 MiB
// bodies, 10 s read and write timeouts, and keep-alive connections closed after 5 s idle or 100
// requests. Thread-safety: start and stop from one thread; requests run on the server's own
// threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "hub/http/live_streams.h"
#include "hub/http/web_sessions.h"
#include "hub/hub_core.h"
#include "schema/topics.h"

namespace httplib {
class Server;
}

namespace edge::http {

struct ApiServerOptions {
    std::string listen;                              // "ADDR:PORT"; port 0 picks a free one (tests)
    std::string topic_prefix = kDefaultTopicPrefix;  // the hub's: join commands name it
    // TLS with this certificate (its chain) and key, both PEM; plain HTTP when empty.
    std::string cert_file;
    std::string key_file;
    // Each connection holds a thread while it is served, a live stream for as long as it is
    // open; so streams are bounded below the thread count.
    size_t threads = 8;
    size_t max_event_streams = 2;
    size_t max_log_streams = 2;
    size_t max_body_bytes = 4 * 1024 * 1024;
    std::chrono::seconds timeout{10};
};

// Runs one API request on the hub (Hub::call_api).
using ApiCaller = std::function<Result<ApiReply>(const ApiPrincipal& who, Request request)>;
// Asks the broker whether the user name and password are right (bus/connect_once.h): true when
// it accepts them, false when it refuses them, an error when it cannot tell.
using PasswordChecker =
    std::function<Result<bool>(const std::string& username, const std::string& password)>;
// `edgectl node add` (EnrollmentService::add_node): a join token for a new node, or why not.
using NodeAdder = std::function<Response(const std::string& node)>;

// What the server calls on: the hub, the broker and the enrollment service.
struct ApiBackends {
    ApiCaller call;
    PasswordChecker check_password;  // empty: logins with a token only
    NodeAdder add_node;              // empty: a hub without broker identities adds no nodes
};

class ApiServer {
  public:
    static Result<std::unique_ptr<ApiServer>> start(const ApiServerOptions& options,
                                                    ApiBackends backends);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    void stop();
    int port() const { return port_; }
    // Where the hub hands each event for the live streams (Hub::on_event).
    EventStreams& event_streams() { return *events_; }
    // Where the hub hands the log batches of the API's log sessions (Hub::on_log_relay).
    LogStreams& log_streams() { return *logs_; }

  private:
    ApiServer() = default;
    std::unique_ptr<EventStreams> events_;
    std::unique_ptr<LogStreams> logs_;
    std::unique_ptr<WebSessions> sessions_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace edge::http
