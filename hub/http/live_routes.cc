#include "hub/http/live_routes.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "hub/http/api_routes.h"
#include "hub/http/http_replies.h"
#include "hub/http/web_login.h"
#include "hub/wall_clock.h"
#include "schema/requests.h"
#include "security/secrets.h"

namespace edge::http {

namespace {

using nlohmann::json;

constexpr auto kKeepAlive = std::chrono::seconds(15);
// The hub's lease is 10 s (kLogLeaseMs); renewing every 3 s survives a late renewal or two.
constexpr int64_t kRenewEveryMs = 3000;
constexpr int64_t kDefaultTail = 100;

// One Server-Sent Event: its name (none: a plain message) and its data, one line of JSON.
std::string sse(const std::string& name, const std::string& data) {
    return (name.empty() ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
}

std::string sse_lost(size_t lost) {
    return sse("lost", json{{"lost", lost}}.dump());
}

// A JSON object of what the query gave, for the logs operation.
Result<json> log_arguments(const httplib::Request& req, const std::string& service,
                           const std::string& session) {
    json args = {
        {"service", service}, {"session", session}, {"follow", true}, {"tail", kDefaultTail}};
    if (req.has_param("environment")) args["environment"] = req.get_param_value("environment");
    if (req.has_param("tail")) {
        auto tail = query_value({"tail", ParamType::kInteger, ""}, req.get_param_value("tail"));
        if (!tail || *tail < 0) {
            return make_error("query parameter tail: expected a number of lines, 0 or more");
        }
        args["tail"] = std::move(*tail);
    }
    return args;
}

// What a log stream keeps between the chunks it writes.
struct LogFollow {
    ApiCaller caller;
    ApiPrincipal who;
    std::string session;
    json opened;  // the logs operation's answer: nodes, replicas, unreachable nodes
    int64_t renewed_ms = 0;
    bool greeted = false;
};

}  // namespace

std::optional<std::string> log_stream_service(const std::string& path) {
    const std::string head = "/api/v1/services/";
    const std::string tail = "/logs";
    if (path.size() <= head.size() + tail.size() || path.rfind(head, 0) != 0 ||
        path.compare(path.size() - tail.size(), tail.size(), tail) != 0) {
        return std::nullopt;
    }
    std::string service = path.substr(head.size(), path.size() - head.size() - tail.size());
    size_t slash = service.find('/');
    if (slash == 0 || slash == std::string::npos || slash + 1 == service.size() ||
        service.find('/', slash + 1) != std::string::npos) {
        return std::nullopt;
    }
    return service;
}

// Server-Sent Events: each event as `id` and `data` (event_to_json), a comment every 15 s so
// proxies keep the connection, and an `event: lost` when this client fell behind.
void stream_events(const ApiPrincipal& who, httplib::Response& res, const ApiContext& api) {
    if (!check_principal(api.backends.call, who, res)) return;
    EventStreams& streams = api.events;
    auto stream = streams.open();
    if (!stream) return send_error(res, 503, "too many live event streams are open");
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&streams, stream](size_t, httplib::DataSink& sink) {
            auto batch = streams.next(stream, kKeepAlive);
            if (batch.closed) {
                sink.done();
                return true;
            }
            std::string text = batch.lost > 0 ? sse_lost(batch.lost) : "";
            for (const auto& event : batch.items) {
                text +=
                    "id: " + std::to_string(event.id) + "\n" + sse("", event_to_json(event).dump());
            }
            if (text.empty()) text = ": keep-alive\n\n";
            // A client that went away ends the stream.
            return sink.write(text.data(), text.size());
        },
        [&streams, stream](bool) { streams.close(stream); });
}

// Server-Sent Events: first `event: session` with the nodes asked and those that cannot be,
// then each node's batch as `data` (schema/log_messages.h: node, lines of replica, stream and
// text, end, error), `event: lost` when this client fell behind, and `event: ended` when the
// hub no longer has the session (it restarted).
void stream_logs(const httplib::Request& req, const std::string& service, const ApiPrincipal& who,
                 httplib::Response& res, const ApiContext& api) {
    auto id = random_secret(12);
    if (!id) return send_error(res, 500, id.error().message);
    const std::string session = kHttpLogSessionPrefix + *id;
    auto args = log_arguments(req, service, session);
    if (!args) return send_error(res, 400, args.error().message);
    LogStreams& streams = api.logs;
    // Open before the session starts, so that no batch finds the stream missing.
    auto stream = streams.open(session);
    if (!stream) return send_error(res, 503, "too many live log streams are open");
    auto opened = api.backends.call(who, Request{ops::kLogs, std::move(*args)});
    if (!opened || !opened->outcome.response->ok) {
        streams.close(stream);
        if (!opened) return send_error(res, 503, opened.error().message);
        return send_error(res, opened->status, opened->outcome.response->error);
    }
    auto follow = std::make_shared<LogFollow>(LogFollow{
        api.backends.call, who, session, opened->outcome.response->data, wall_clock_ms(), false});
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&streams, stream, follow](size_t, httplib::DataSink& sink) {
            std::string text;
            if (!follow->greeted) {
                follow->greeted = true;
                text = sse("session", follow->opened.dump());
                return sink.write(text.data(), text.size());
            }
            auto batch = streams.next(stream, std::chrono::milliseconds(kRenewEveryMs));
            if (batch.closed) {
                sink.done();
                return true;
            }
            if (batch.lost > 0) text += sse_lost(batch.lost);
            for (const auto& payload : batch.items) text += sse("", payload);
            const int64_t now = wall_clock_ms();
            if (now - follow->renewed_ms >= kRenewEveryMs) {
                follow->renewed_ms = now;
                auto renewed = follow->caller(
                    follow->who, Request{ops::kLogsRenew, {{"session", follow->session}}});
                if (renewed && !renewed->outcome.response->ok) {
                    text += sse("ended", json{{"error", renewed->outcome.response->error}}.dump());
                    sink.write(text.data(), text.size());
                    sink.done();
                    return true;
                }
            }
            if (text.empty()) text = ": keep-alive\n\n";
            return sink.write(text.data(), text.size());
        },
        [&streams, stream, follow](bool) {
            streams.close(stream);
            // The agents stop streaming now rather than when the lease runs out; if the hub does
            // not take the call, the lease runs out a few seconds later all the same.
            auto stopped = follow->caller(follow->who,
                                          Request{ops::kLogsStop, {{"session", follow->session}}});
            if (!stopped)
                spdlog::debug("log session {}: {}", follow->session, stopped.error().message);
        });
}

}  // namespace edge::http
