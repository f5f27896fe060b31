#include "hub/http/web_login.h"

#include "hub/http/http_replies.h"
#include "hub/wall_clock.h"
#include "schema/requests.h"

namespace edge::http {

namespace {

using nlohmann::json;

std::string bearer_token(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    const std::string scheme = "Bearer ";
    return header.rfind(scheme, 0) == 0 ? header.substr(scheme.size()) : "";
}

std::string cookie(const std::string& value, bool secure, const char* extra = "") {
    // Strict: the browser sends it only with requests that start on the hub's own pages.
    return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "") + extra;
}

}  // namespace

bool check_token(const ApiCaller& caller, const std::string& token, httplib::Response& res) {
    // Any valid token may read events; asking for one checks it on the hub.
    auto checked = caller(token, Request{ops::kEvents, {{"limit", 1}}});
    if (!checked) {
        send_error(res, 503, checked.error().message);
        return false;
    }
    if (!checked->outcome.response->ok) {
        send_error(res, checked->status, checked->outcome.response->error);
        return false;
    }
    return true;
}

std::optional<std::string> request_token(const httplib::Request& req, httplib::Response& res,
                                         WebSessions& sessions) {
    if (std::string token = bearer_token(req); !token.empty()) return token;
    std::string id = cookie_value(req.get_header_value("Cookie"), kSessionCookie);
    if (id.empty()) {
        send_error(res, 401, "send an API token (Authorization: Bearer TOKEN) or log in");
        return std::nullopt;
    }
    auto session = sessions.find(id, wall_clock_ms());
    if (!session) {
        send_error(res, 401, "the session ended; log in again");
        return std::nullopt;
    }
    if (req.method != "GET" && req.get_header_value(kCsrfHeader) != session->csrf) {
        send_error(res, 403, std::string("missing or wrong ") + kCsrfHeader);
        return std::nullopt;
    }
    return session->api_token;
}

void handle_session(const httplib::Request& req, httplib::Response& res, const ApiCaller& caller,
                    WebSessions& sessions, bool secure) {
    const int64_t now = wall_clock_ms();
    const std::string id = cookie_value(req.get_header_value("Cookie"), kSessionCookie);
    if (req.method == "GET") {
        auto session = sessions.find(id, now);
        if (!session) return send_error(res, 401, "not logged in");
        return send_json(res, 200, {{"csrf", session->csrf}});
    }
    if (req.method == "DELETE") {
        sessions.close(id);
        res.set_header("Set-Cookie", cookie("", secure, "; Max-Age=0"));
        return send_json(res, 200, {{"logged_out", true}});
    }
    if (req.method != "POST") return send_error(res, 405, req.method + " is not allowed here");
    if (!sessions.allow_login(now)) {
        return send_error(res, 429, "too many login attempts; wait a few seconds");
    }
    json body = json::parse(req.body, nullptr, false);
    std::string token = body.is_object() && body.value("token", json()).is_string()
                            ? body["token"].get<std::string>()
                            : "";
    if (token.empty()) return send_error(res, 400, "body: \"token\": expected an API token");
    if (!check_token(caller, token, res)) return;
    auto session = sessions.open(token, now);
    if (!session) return send_error(res, 500, session.error().message);
    res.set_header("Set-Cookie", cookie(session->id, secure));
    send_json(res, 200, {{"csrf", session->csrf}});
}

}  // namespace edge::http
