// UnixHttpClient: plain HTTP/1.1 requests to a server listening on a unix socket (dockerd,
// Podman), one connection per request (exchange_http in http_exchange.h). The client holds no
// mutable state and is safe to use from several threads at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

struct HttpResponse {
    long status = 0;
    std::string body;
};

struct HttpRequest {
    std::string method = "GET";
    std::string path;  // with query, e.g. "/v1.41/containers/json?all=1"
    std::string body;
    long timeout_seconds = 60;  // 0: no overall limit (long pulls); stalled transfers still fail
    std::string content_type = "application/json";  // of the body, sent with every POST
    // With timeout_seconds 0: never fail a transfer for being idle (a followed log stream of a
    // quiet container), rather than after two minutes without bytes.
    bool allow_idle = false;
};

class UnixHttpClient {
  public:
    // socket_path: file system path of the socket, e.g. "/run/docker.sock".
    explicit UnixHttpClient(std::string socket_path);

    // Fails only when no complete HTTP response arrived (socket missing, refused, timed out,
    // stalled, cut short or not HTTP); any HTTP status, including 4xx and 5xx, is a successful
    // transport result for the caller to judge.
    Result<HttpResponse> send(const HttpRequest& request) const;

    // Like send(), but hands each line of a 2xx response body to `on_line` as it arrives instead
    // of buffering it (the engine streams pull progress as one JSON object per line). Bodies of
    // other statuses are buffered into the returned response.
    Result<HttpResponse> send_streaming(const HttpRequest& request,
                                        const std::function<void(std::string_view)>& on_line) const;

    // Hands the raw bytes of a 2xx response body to `on_data` as they arrive. Stops early,
    // successfully, when `on_data` returns false or `keep_going()` does; keep_going is asked
    // about once a second even while no bytes arrive, so an idle stream can still be ended.
    Result<HttpResponse> send_raw_streaming(const HttpRequest& request,
                                            const std::function<bool(std::string_view)>& on_data,
                                            const std::function<bool()>& keep_going) const;

    const std::string& socket_path() const { return socket_path_; }

  private:
    std::string socket_path_;
};

// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

}  // namespace edge
