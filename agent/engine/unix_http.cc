#include "agent/engine/unix_http.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace edge {

namespace {

std::once_flag curl_initialised;

// Receives body bytes; in streaming mode splits them into lines once the status is known.
struct BodySink {
    CURL* handle = nullptr;
    const std::function<void(std::string_view)>* on_line = nullptr;
    const std::function<bool(std::string_view)>* on_data = nullptr;
    const std::function<bool()>* keep_going = nullptr;
    bool stopped = false;  // on_data or keep_going ended the transfer on purpose
    std::string buffer;
    bool streaming_decided = false;
    bool streaming = false;

    void consume_lines() {
        size_t start = 0;
        for (size_t newline = buffer.find('\n'); newline != std::string::npos;
             newline = buffer.find('\n', start)) {
            (*on_line)(std::string_view(buffer).substr(start, newline - start));
            start = newline + 1;
        }
        buffer.erase(0, start);
    }
};

bool decide_streaming(BodySink* sink) {
    if (!sink->streaming_decided) {
        long status = 0;
        curl_easy_getinfo(sink->handle, CURLINFO_RESPONSE_CODE, &status);
        sink->streaming = status >= 200 && status < 300;
        sink->streaming_decided = true;
    }
    return sink->streaming;
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    if (sink->on_data != nullptr && decide_streaming(sink)) {
        if ((*sink->on_data)(std::string_view(data, size * count))) return size * count;
        sink->stopped = true;
        return 0;  // ends the transfer
    }
    sink->buffer.append(data, size * count);
    if (sink->on_line != nullptr) {
        if (!sink->streaming_decided) {
            long status = 0;
            curl_easy_getinfo(sink->handle, CURLINFO_RESPONSE_CODE, &status);
            sink->streaming = status >= 200 && status < 300;
            sink->streaming_decided = true;
        }
        if (sink->streaming) sink->consume_lines();
    }
    return size * count;
}

int transfer_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* sink = static_cast<BodySink*>(user);
    if (sink->keep_going == nullptr || (*sink->keep_going)()) return 0;
    sink->stopped = true;
    return 1;  // aborts the transfer
}

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

Result<HttpResponse> perform(const std::string& socket_path, const HttpRequest& request,
                             const std::function<void(std::string_view)>* on_line,
                             const std::function<bool(std::string_view)>* on_data = nullptr,
                             const std::function<bool()>* keep_going = nullptr) {
    std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
    if (!handle) return make_error("cannot initialise libcurl");
    CURL* curl = handle.get();

    BodySink sink;
    sink.handle = curl;
    sink.on_line = on_line;
    sink.on_data = on_data;
    sink.keep_going = keep_going;
    char error_buffer[CURL_ERROR_SIZE] = {0};

    // The host name is ignored on a unix socket but HTTP/1.1 needs one in the Host header.
    std::string url = "http://localhost" + request.path;
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_path.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, request.timeout_seconds);
    if (keep_going != nullptr) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, transfer_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &sink);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    if (request.timeout_seconds == 0 && !request.allow_idle) {
        // No overall limit, but a transfer that stalls for two minutes has failed.
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 120L);
    }

    std::unique_ptr<curl_slist, HeaderListDeleter> headers;
    if (!request.body.empty() || request.method == "POST") {
        std::string content_type = "Content-Type: " + request.content_type;
        headers.reset(curl_slist_append(nullptr, content_type.c_str()));
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }

    CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK && sink.stopped) {
        HttpResponse response;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
        return response;
    }
    if (code != CURLE_OK) {
        std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
        if (code == CURLE_COULDNT_CONNECT) {
            // curl words this as a TCP failure to "localhost port 80"; name the socket's errno.
            long os_error = 0;
            curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_error);
            detail = "cannot connect";
            if (os_error != 0)
                detail += std::string(": ") + std::strerror(static_cast<int>(os_error));
        }
        return make_error(request.method + " " + request.path + " via " + socket_path + ": " +
                          detail);
    }
    HttpResponse response;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (sink.streaming && on_data != nullptr) {
        // Every byte went to on_data.
    } else if (sink.streaming) {
        if (!sink.buffer.empty()) (*on_line)(sink.buffer);  // a last line without newline
    } else {
        response.body = std::move(sink.buffer);
    }
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
