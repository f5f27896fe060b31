#include "agent/observe/http_probe.h"

#include <curl/curl.h>

#include <memory>

namespace edge {

namespace {

size_t discard_body(char*, size_t size, size_t count, void*) {
    return size * count;
}

}  // namespace

Result<long> probe_http(const std::string& host, int port, const std::string& path,
                        int64_t timeout_ms) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return make_error("cannot create a curl handle");
    // IPv6 addresses need brackets in a URL.
    std::string authority = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::string url = "http://" + authority + ":" + std::to_string(port) + path;
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    // A health check goes straight to the container, never through a configured proxy.
    curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
    CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) {
        return make_error("GET " + url + ": " +
                          (error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code)));
    }
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    return status;
}

bool probe_due(const HttpCheck& check, const HttpProbeState& state, int64_t now_ms) {
    return state.last_probe_ms == 0 || now_ms - state.last_probe_ms >= check.interval_ms;
}

void record_probe(const HttpCheck& check, HttpProbeState& state, const Result<long>& status,
                  int64_t now_ms) {
    state.last_probe_ms = now_ms;
    if (status.ok() && *status == check.expect) {
        state.failures = 0;
        state.last_error.clear();
        state.health = kHealthHealthy;
        return;
    }
    state.last_error = status.ok() ? "answered " + std::to_string(*status) + ", expected " +
                                         std::to_string(check.expect)
                                   : status.error().message;
    ++state.failures;
    if (state.failures >= check.retries) state.health = kHealthUnhealthy;
}

std::string combine_health(const std::string& engine, const std::string& http) {
    if (engine.empty()) return http;
    if (http.empty()) return engine;
    if (engine == kHealthUnhealthy || http == kHealthUnhealthy) return kHealthUnhealthy;
    if (engine == kHealthStarting || http == kHealthStarting) return kHealthStarting;
    return kHealthHealthy;
}

}  // namespace edge
