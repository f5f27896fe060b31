#include "bus/connect_once.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <memory>
#include <mutex>

namespace edge {

namespace {

std::once_flag mosquitto_initialised_for_attempts;

struct HandleDeleter {
    void operator()(mosquitto* handle) const {
        mosquitto_disconnect(handle);
        mosquitto_destroy(handle);
    }
};

}  // namespace

Result<int> connect_once(const ConnectAttempt& attempt) {
    std::call_once(mosquitto_initialised_for_attempts, [] { mosquitto_lib_init(); });
    int code = -1;
    // A random client id: the attempt must never take over the session of a real client.
    std::unique_ptr<mosquitto, HandleDeleter> handle(mosquitto_new(nullptr, true, &code));
    if (!handle) return make_error("cannot create an MQTT client");
    mosquitto_int_option(handle.get(), MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_v5_callback_set(
        handle.get(), [](mosquitto*, void* result, int rc, int, const mosquitto_property*) {
            *static_cast<int*>(result) = rc;
        });
    if (!attempt.username.empty()) {
        mosquitto_username_pw_set(handle.get(), attempt.username.c_str(), attempt.password.c_str());
    }
    if (!attempt.ca_file.empty()) {
        auto optional = [](const std::string& path) {
            return path.empty() ? nullptr : path.c_str();
        };
        int rc =
            mosquitto_tls_set(handle.get(), attempt.ca_file.c_str(), nullptr,
                              optional(attempt.cert_file), optional(attempt.key_file), nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            return make_error(std::string("cannot use the TLS files: ") + mosquitto_strerror(rc));
        }
    }
    const std::string where = attempt.host + ":" + std::to_string(attempt.port);
    if (mosquitto_connect(handle.get(), attempt.host.c_str(), attempt.port, 5) !=
        MOSQ_ERR_SUCCESS) {
        return make_error("cannot reach the broker at " + where);
    }
    const auto deadline = std::chrono::steady_clock::now() + attempt.timeout;
    while (code == -1 && std::chrono::steady_clock::now() < deadline) {
        if (mosquitto_loop(handle.get(), 100, 1) != MOSQ_ERR_SUCCESS) break;
    }
    if (code == -1) return make_error("the broker at " + where + " did not answer the connection");
    return code;
}

}  // namespace edge
