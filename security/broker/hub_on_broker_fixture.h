// edge-hub's parts on a SecuredBroker, as its main runs them: the hub with the hub's identity,
// and node enrollment beside it. For the tests of security/broker/ that need both.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "hub/hub.h"
#include "hub/test_util.h"
#include "security/broker/enrollment_service.h"
#include "security/testing/secured_broker.h"

namespace edge::testing {

// The hub's options on `broker`, with its database in `dir`.
inline HubOptions hub_options_on(const SecuredBroker& broker, const TempDir& dir) {
    HubOptions options;
    options.broker_url = broker.url();
    options.db_path = dir.file("hub.db");
    options.username = kHubUsername;
    options.password = broker.hub_password();
    return options;
}

// Node enrollment on `broker`, its events to `sink` when given, started and connected; null when
// it could not start or connect.
inline std::unique_ptr<EnrollmentService> connected_enrollment(
    const SecuredBroker& broker, const std::string& client_id,
    std::function<void(Event)> sink = {}) {
    auto enrollment = EnrollmentService::create({broker.url(), "edgeorch", client_id, kHubUsername,
                                                 broker.hub_password(), broker.tls_dir()});
    if (!enrollment) return nullptr;
    if (sink) (*enrollment)->on_event(std::move(sink));
    if (!(*enrollment)->start()) return nullptr;
    for (int i = 0; i < 200 && !(*enrollment)->connected(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!(*enrollment)->connected()) return nullptr;
    return std::move(*enrollment);
}

}  // namespace edge::testing
