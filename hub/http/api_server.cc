#include "hub/http/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "hub/http/api_routes.h"
#include "hub/http/http_replies.h"
#include "hub/http/openapi.h"
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

// What every handler needs: the way to the hub, the live streams, the logins.
struct Served {
    ApiCaller caller;
    EventStreams& streams;
    WebSessions& sessions;
    bool secure;  // TLS: the session cookie is Secure
};

// Server-Sent Events: each event as `id` and `data` (event_to_json), a comment every 15 s so
// proxies keep the connection, and an `event: lost` when this client fell behind.
void stream_events(const std::string& token, httplib::Response& res, const Served& served) {
    if (!check_token(served.caller, token, res)) return;
    EventStreams& streams = served.streams;
    auto stream = streams.open();
    if (!stream) return send_error(res, 503, "too many live event streams are open");
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&streams, stream](size_t, httplib::DataSink& sink) {
            auto batch = streams.next(stream, std::chrono::seconds(15));
            if (batch.closed) {
                sink.done();
                return true;
            }
            std::string text;
            if (batch.lost > 0) {
                text += "event: lost\ndata: {\"lost\": " + std::to_string(batch.lost) + "}\n\n";
            }
            for (const auto& event : batch.events) {
                text += "id: " + std::to_string(event.id) +
                        "\ndata: " + event_to_json(event).dump() + "\n\n";
            }
            if (text.empty()) text = ": keep-alive\n\n";
            // A client that went away ends the stream.
            return sink.write(text.data(), text.size());
        },
        [&streams, stream](bool) { streams.close(stream); });
}

void serve(const httplib::Request& req, httplib::Response& res, const Served& served) {
    if (req.method == "GET" && serve_web_asset(req.path, res)) return;
    if (req.method == "GET" && req.path == kOpenApiPath) {
        return send_json(res, 200, openapi_document());
    }
    if (req.path == kSessionPath) {
        return handle_session(req, res, served.caller, served.sessions, served.secure);
    }
    if (req.method == "GET" && req.path == kEventStreamPath) {
        auto token = request_token(req, res, served.sessions);
        if (token) stream_events(*token, res, served);
        return;
    }
    std::map<std::string, std::string> query;
    for (const auto& [name, value] : req.params) query[name] = value;
    auto routed = route_request(req.method, req.path, query, req.body);
    if (auto* error = std::get_if<RouteError>(&routed)) {
        return send_error(res, error->status, error->message);
    }
    auto token = request_token(req, res, served.sessions);
    if (!token) return;
    auto reply = served.caller(*token, std::move(std::get<Routed>(routed).request));
    if (!reply) return send_error(res, 503, reply.error().message);
    const Response& response = *reply->outcome.response;
    if (!response.ok) return send_error(res, reply->status, response.error);
    send_json(res, reply->status, response.data);
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::start(const ApiServerOptions& options,
                                                    ApiCaller caller) {
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
    self->streams_ = std::make_unique<EventStreams>(options.max_event_streams, 256);
    self->sessions_ = std::make_unique<WebSessions>();
    auto served = std::make_shared<Served>(
        Served{std::move(caller), *self->streams_, *self->sessions_, !options.cert_file.empty()});
    auto handler = [served](const httplib::Request& req, httplib::Response& res) {
        serve(req, res, *served);
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
    if (streams_) streams_->close_all();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace edge::http
