#include "agent/engine/unix_http.h"

#include "agent/engine/http_exchange.h"
#include "agent/engine/stream_socket.h"

namespace edge {

namespace {

using std::chrono::seconds;

// Connecting to a local socket is instant unless the engine is wedged; then fail early.
constexpr seconds kConnectTimeout{5};
// With no overall limit, a transfer without a byte for this long has failed (unless allow_idle).
constexpr seconds kStallLimit{120};

// Routes the body by status: a 2xx body of a streaming call goes to on_data or, split into
// lines, to on_line; any other body is buffered for the caller.
class BodySink : public ResponseSink {
  public:
    BodySink(const std::function<void(std::string_view)>* on_line,
             const std::function<bool(std::string_view)>* on_data,
             const std::function<bool()>* keep_going)
        : on_line_(on_line), on_data_(on_data), keep_going_(keep_going) {}

    void on_status(long status) override {
        streaming_ = (on_line_ != nullptr || on_data_ != nullptr) && status >= 200 && status < 300;
    }

    bool on_body(std::string_view data) override {
        if (streaming_ && on_data_ != nullptr) return (*on_data_)(data);
        buffer_.append(data);
        if (streaming_) consume_lines();
        return true;
    }

    bool keep_going() override { return keep_going_ == nullptr || (*keep_going_)(); }

    // The buffered body, or for a line stream the last line when it had no newline.
    void finish(HttpResponse& response) {
        if (streaming_ && on_data_ != nullptr) return;  // every byte went to on_data
        if (streaming_) {
            if (!buffer_.empty()) (*on_line_)(buffer_);
            return;
        }
        response.body = std::move(buffer_);
    }

  private:
    void consume_lines() {
        size_t start = 0;
        for (size_t newline = buffer_.find('\n'); newline != std::string::npos;
             newline = buffer_.find('\n', start)) {
            (*on_line_)(std::string_view(buffer_).substr(start, newline - start));
            start = newline + 1;
        }
        buffer_.erase(0, start);
    }

    const std::function<void(std::string_view)>* on_line_;
    const std::function<bool(std::string_view)>* on_data_;
    const std::function<bool()>* keep_going_;
    bool streaming_ = false;
    std::string buffer_;
};

Result<HttpResponse> perform(const std::string& socket_path, const HttpRequest& request,
                             const std::function<void(std::string_view)>* on_line,
                             const std::function<bool(std::string_view)>* on_data = nullptr,
                             const std::function<bool()>* keep_going = nullptr) {
    auto fail = [&](const Error& error) {
        return make_error(request.method + " " + request.path + " via " + socket_path + ": " +
                          error.message);
    };
    auto start = std::chrono::steady_clock::now();
    ExchangeLimits limits;
    if (request.timeout_seconds > 0) limits.deadline = start + seconds(request.timeout_seconds);
    if (request.timeout_seconds == 0 && !request.allow_idle) limits.stall_limit = kStallLimit;

    auto connection = connect_unix(socket_path, std::min(limits.deadline, start + kConnectTimeout));
    if (!connection.ok()) return fail(connection.error());

    // The host name means nothing on a unix socket, but HTTP/1.1 requires the header.
    OutgoingRequest outgoing{.method = request.method,
                             .target = request.path,
                             .host = "localhost",
                             .has_body = !request.body.empty() || request.method == "POST",
                             .content_type = request.content_type,
                             .body = request.body};
    BodySink sink(on_line, on_data, keep_going);
    auto exchanged = exchange_http(connection->get(), outgoing, limits, sink);
    if (!exchanged.ok()) return fail(exchanged.error());
    HttpResponse response;
    response.status = exchanged->status;
    if (!exchanged->stopped) sink.finish(response);
    return response;
}

}  // namespace

UnixHttpClient::UnixHttpClient(std::string socket_path) : socket_path_(std::move(socket_path)) {}

Result<HttpResponse> UnixHttpClient::send(const HttpRequest& request) const {
    return perform(socket_path_, request, nullptr);
}

Result<HttpResponse> UnixHttpClient::send_streaming(
    const HttpRequest& request, const std::function<void(std::string_view)>& on_line) const {
    return perform(socket_path_, request, &on_line);
}

Result<HttpResponse> UnixHttpClient::send_raw_streaming(
    const HttpRequest& request, const std::function<bool(std::string_view)>& on_data,
    const std::function<bool()>& keep_going) const {
    return perform(socket_path_, request, nullptr, &on_data, &keep_going);
}

std::string url_encode(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace edge
