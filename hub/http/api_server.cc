#include "hub/http/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "hub/http/api_context.h"
#include "hub/http/api_routes.h"
#include "hub/http/http_replies.h"
#include "hub/http/live_routes.h"
#include "hub/http/node_add_route.h"
#include "hub/http/openapi.h"
#include "hub/http/response_compression.h"
#include "hub/http/web_assets.h"
#include "hub/http/web_login.h"

namespace edge::http {

namespace {

using nlohmann::json;

Result<std::pair<std::string, int>> split_listen(const std::string& listen) {
    size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return make_error("--http-listen: expected ADDRESS:PORT, e.g. 127.0.0.1:8080");
    }
    int port = -1;
    try {
        port = std::stoi(listen.substr(colon + 1));
    } catch (const std::exception&) {
        port = -1;
    }
    if (port < 0 || port > 65535) return make_error("--http-listen: bad port in " + listen);
    return std::pair{listen.substr(0, colon), port};
}

void serve(const httplib::Request& req, httplib::Response& res, const ApiContext& api) {
    if (req.method == "GET" && serve_web_asset(req, res)) return;
    if (req.method == "GET" && req.path == kOpenApiPath) {
        return send_json(res, 200, openapi_document());
    }
    if (req.path == kSessionPath) return handle_session(req, res, api);
    // The routes that are not one request operation of the hub's.
    const bool event_stream = req.method == "GET" && req.path == kEventStreamPath;
    const auto log_service = req.method == "GET" ? log_stream_service(req.path) : std::nullopt;
    const bool node_add = req.method == "POST" && req.path == kNodesPath;
    if (event_stream || log_service || node_add) {
        auto who = request_principal(req, res, api.sessions);
        if (!who) return;
        if (event_stream) return stream_events(*who, res, api);
        if (log_service) return stream_logs(req, *log_service, *who, res, api);
        return handle_node_add(req, *who, res, api);
    }
    std::map<std::string, std::string> query;
    for (const auto& [name, value] : req.params) query[name] = value;
    auto routed = route_request(req.method, req.path, query, req.body);
    if (auto* error = std::get_if<RouteError>(&routed)) {
        return send_error(res, error->status, error->message);
    }
    auto who = request_principal(req, res, api.sessions);
    if (!who) return;
    auto reply = api.backends.call(*who, std::move(std::get<Routed>(routed).request));
    if (!reply) return send_error(res, 503, reply.error().message);
    const Response& response = *reply->outcome.response;
    if (!response.ok) return send_error(res, reply->status, response.error);
    send_json(res, reply->status, response.data);
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::start(const ApiServerOptions& options,
                                                    ApiBackends backends) {
    auto address = split_listen(options.listen);
    if (!address) return address.error();
    std::unique_ptr<ApiServer> self(new ApiServer());
    if (options.cert_file.empty()) {
        self->server_ = std::make_unique<httplib::Server>();
    } else {
        auto tls = std::make_unique<httplib::SSLServer>(options.cert_file.c_str(),
                                                        options.key_file.c_str());
        if (!tls->is_valid()) {
            return make_error("--http-listen: cannot use " + options.cert_file + " and " +
                              options.key_file + " for TLS");
        }
        self->server_ = std::move(tls);
    }
    httplib::Server& server = *self->server_;
    const size_t threads = options.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(options.max_body_bytes);
    server.set_read_timeout(options.timeout.count(), 0);
    server.set_write_timeout(options.timeout.count(), 0);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(100);
    // httplib writes a response's headers and body apart: with Nagle's algorithm the body
    // waited for the browser's delayed ACK, 40 ms on every request of a kept-alive connection.
    server.set_tcp_nodelay(true);
    self->events_ = std::make_unique<EventStreams>(options.max_event_streams, 256);
    self->logs_ = std::make_unique<LogStreams>(options.max_log_streams, 256);
    self->sessions_ = std::make_unique<WebSessions>();
    auto api = std::make_shared<ApiContext>(
        ApiContext{std::move(backends), *self->events_, *self->logs_, *self->sessions_,
                   !options.cert_file.empty(), options.topic_prefix});
    auto handler = [api](const httplib::Request& req, httplib::Response& res) {
        serve(req, res, *api);
        gzip_if_accepted(req, res);
    };
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Delete(".*", handler);
    const auto& [host, port] = *address;
    bool bound = false;
    if (port == 0) {
        self->port_ = server.bind_to_any_port(host);
        bound = self->port_ > 0;
    } else {
        self->port_ = port;
        bound = server.bind_to_port(host, port);
    }
    if (!bound) return make_error("--http-listen: cannot listen on " + options.listen);
    ApiServer* raw = self.get();
    self->thread_ = std::thread([raw] { raw->server_->listen_after_bind(); });
    spdlog::info("HTTP API on {}://{}:{}", options.cert_file.empty() ? "http" : "https", host,
                 self->port_);
    return self;
}

ApiServer::~ApiServer() {
    stop();
}

void ApiServer::stop() {
    // Streams first: each holds a server thread until it ends.
    if (events_) events_->close_all();
    if (logs_) logs_->close_all();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace edge::http
