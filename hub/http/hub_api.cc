#include "hub/http/hub_api.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "bus/connect_once.h"
#include "hub/http/live_routes.h"
#include "security/pki/tls_setup.h"

namespace edge::http {

namespace {

// How long a call may wait its turn on the worker behind MQTT messages.
constexpr std::chrono::seconds kCallTimeout{30};

// Asks the broker's loopback listener, where it checks passwords. On a TLS listener with client
// certificates the certificate, not the password, names the client: no check there.
PasswordChecker broker_password_checker(const std::string& broker_url) {
    auto address = parse_broker_url(broker_url);
    if (!address || address->tls) {
        spdlog::info(
            "the web UI takes API tokens only: passwords are checked on a plain "
            "mqtt:// broker listener, and --broker is {}",
            broker_url);
        return nullptr;
    }
    return [host = address->host, port = address->port](
               const std::string& username, const std::string& password) -> Result<bool> {
        ConnectAttempt attempt;
        attempt.host = host;
        attempt.port = port;
        attempt.username = username;
        attempt.password = password;
        auto code = connect_once(attempt);
        if (!code) return code.error();
        if (*code == kConnackAccepted) return true;
        if (*code == kConnackBadCredentials || *code == kConnackNotAuthorized) return false;
        return make_error("the broker refused the connection with reason " + std::to_string(*code));
    };
}

}  // namespace

Result<std::unique_ptr<ApiServer>> start_hub_api(Hub& hub, const HubApiOptions& hub_options) {
    ApiServerOptions options{hub_options.listen, hub_options.topic_prefix};
    // A token travels with every request, so on the LAN it must not travel in clear.
    const std::filesystem::path cert = std::filesystem::path(hub_options.tls_dir) / kHttpCertFile;
    if (!hub_options.tls_dir.empty() && std::filesystem::exists(cert)) {
        options.cert_file = cert.string();
        options.key_file = (std::filesystem::path(hub_options.tls_dir) / kHttpKeyFile).string();
    } else {
        spdlog::warn("the HTTP API serves plain HTTP (no {} in --tls-dir): keep it on loopback",
                     kHttpCertFile);
    }
    ApiBackends backends;
    backends.call = [&hub](const ApiPrincipal& who, Request request) {
        return hub.call_api(who, std::move(request), kCallTimeout);
    };
    backends.check_password = broker_password_checker(hub_options.broker_url);
    if (EnrollmentService* enrollment = hub_options.enrollment) {
        backends.add_node = [enrollment](const std::string& node) {
            return enrollment->add_node(node);
        };
    }
    auto server = ApiServer::start(options, std::move(backends));
    if (!server) return server.error();
    EventStreams* events = &(*server)->event_streams();
    hub.on_event([events](const Event& event) { events->publish(event); });
    LogStreams* logs = &(*server)->log_streams();
    hub.on_log_relay([logs, topics = Topics(hub_options.topic_prefix)](const Publication& message) {
        const std::string session = topics.session_of_logs_relay(message.topic);
        if (session.rfind(kHttpLogSessionPrefix, 0) != 0) return false;
        // A stream that just closed loses its last batch; nobody reads it on the broker either.
        logs->publish_to(session, message.payload);
        return true;
    });
    return server;
}

}  // namespace edge::http
