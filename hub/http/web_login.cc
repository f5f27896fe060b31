#include "hub/http/web_login.h"

#include "hub/http/http_replies.h"
#include "hub/wall_clock.h"
#include "schema/requests.h"
#include "security/broker/access_topics.h"

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

// What the page shows as logged in, and whether it may offer what only the identity may do.
json describe(const ApiPrincipal& who) {
    if (who.is_identity()) return {{"kind", "identity"}, {"name", who.identity}};
    return {{"kind", "token"}};
}

std::string text_field(const json& body, const char* key) {
    auto field = body.find(key);
    return field != body.end() && field->is_string() ? field->get<std::string>() : "";
}

// The login's principal, or nullopt after answering why not.
std::optional<ApiPrincipal> log_in(const json& body, httplib::Response& res,
                                   const ApiContext& api) {
    const std::string token = text_field(body, "token");
    if (!token.empty()) {
        ApiPrincipal who = ApiPrincipal::with_token(token);
        if (!check_principal(api.backends.call, who, res)) return std::nullopt;
        return who;
    }
    const std::string username = text_field(body, "username");
    const std::string password = text_field(body, "password");
    if (username.empty() || password.empty()) {
        send_error(res, 400, "body: expected \"token\", or \"username\" and \"password\"");
        return std::nullopt;
    }
    if (!api.backends.check_password) {
        send_error(res, 401,
                   "this hub takes passwords only on the broker's loopback listener; log in "
                   "with an API token (edgectl token create)");
        return std::nullopt;
    }
    // An identity limited to an environment would act cluster-wide here: only the cluster-wide
    // one logs in with its password.
    if (username != kAdminUsername) {
        send_error(res, 401,
                   std::string("only the cluster-wide identity (") + kAdminUsername +
                       ") logs in with a password; others use an API token");
        return std::nullopt;
    }
    auto accepted = api.backends.check_password(username, password);
    if (!accepted) {
        send_error(res, 503, "cannot check the password: " + accepted.error().message);
        return std::nullopt;
    }
    if (!*accepted) {
        send_error(res, 401, "wrong user name or password");
        return std::nullopt;
    }
    return ApiPrincipal::with_identity(username);
}

}  // namespace

bool check_principal(const ApiCaller& caller, const ApiPrincipal& who, httplib::Response& res) {
    // Anyone the hub accepts may read events; asking for one checks who it is.
    auto checked = caller(who, Request{ops::kEvents, {{"limit", 1}}});
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

std::optional<ApiPrincipal> request_principal(const httplib::Request& req, httplib::Response& res,
                                              WebSessions& sessions) {
    if (std::string token = bearer_token(req); !token.empty()) {
        return ApiPrincipal::with_token(token);
    }
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
    return session->who;
}

void handle_session(const httplib::Request& req, httplib::Response& res, const ApiContext& api) {
    const int64_t now = wall_clock_ms();
    const std::string id = cookie_value(req.get_header_value("Cookie"), kSessionCookie);
    if (req.method == "GET") {
        auto session = api.sessions.find(id, now);
        if (!session) return send_error(res, 401, "not logged in");
        return send_json(res, 200, {{"csrf", session->csrf}, {"who", describe(session->who)}});
    }
    if (req.method == "DELETE") {
        api.sessions.close(id);
        res.set_header("Set-Cookie", cookie("", api.secure, "; Max-Age=0"));
        return send_json(res, 200, {{"logged_out", true}});
    }
    if (req.method != "POST") return send_error(res, 405, req.method + " is not allowed here");
    if (!api.sessions.allow_login(now)) {
        return send_error(res, 429, "too many login attempts; wait a few seconds");
    }
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return send_error(res, 400, "body: expected a JSON object");
    auto who = log_in(body, res, api);
    if (!who) return;
    auto session = api.sessions.open(*who, now);
    if (!session) return send_error(res, 500, session.error().message);
    res.set_header("Set-Cookie", cookie(session->id, api.secure));
    send_json(res, 200, {{"csrf", session->csrf}, {"who", describe(session->who)}});
}

}  // namespace edge::http
