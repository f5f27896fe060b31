#include "hub/http/http_replies.h"

#include "hub/http/response_compression.h"

namespace edge::http {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), kJsonType);
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    json body = {{"error", message}};
    // Compose errors come one a line (FILE:LINE: key: what was expected); a client can list them.
    if (message.find('\n') != std::string::npos) {
        json lines = json::array();
        size_t start = 0;
        for (size_t end; (end = message.find('\n', start)) != std::string::npos; start = end + 1) {
            if (end > start) lines.push_back(message.substr(start, end - start));
        }
        if (start < message.size()) lines.push_back(message.substr(start));
        body["errors"] = lines;
    }
    if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
    send_json(res, status, body);
}

}  // namespace edge::http
