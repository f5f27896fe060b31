#include "hub/http/hub_api.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "security/pki/tls_setup.h"

namespace edge::http {

namespace {

// How long a call may wait its turn on the worker behind MQTT messages.
constexpr std::chrono::seconds kCallTimeout{30};

}  // namespace

Result<std::unique_ptr<ApiServer>> start_hub_api(Hub& hub, const std::string& listen,
                                                 const std::string& tls_dir) {
    ApiServerOptions options{listen};
    // A token travels with every request, so on the LAN it must not travel in clear.
    const std::filesystem::path cert = std::filesystem::path(tls_dir) / kHttpCertFile;
    if (!tls_dir.empty() && std::filesystem::exists(cert)) {
        options.cert_file = cert.string();
        options.key_file = (std::filesystem::path(tls_dir) / kHttpKeyFile).string();
    } else {
        spdlog::warn("the HTTP API serves plain HTTP (no {} in --tls-dir): keep it on loopback",
                     kHttpCertFile);
    }
    auto server = ApiServer::start(options, [&hub](const std::string& token, Request request) {
        return hub.call_api(token, std::move(request), kCallTimeout);
    });
    if (!server) return server.error();
    EventStreams* streams = &(*server)->event_streams();
    hub.on_event([streams](const Event& event) { streams->publish(event); });
    return server;
}

}  // namespace edge::http
