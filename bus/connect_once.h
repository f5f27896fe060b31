// connect_once: one MQTT v5 connection attempt, to learn how the broker answers it. The hub
// checks a web login's user name and password this way: the broker holds the identities
// (Mosquitto's dynamic-security plugin keeps only PBKDF2 hashes of their passwords), so the hub
// keeps no copy of any password, and a password changed on the broker is the one that works.
// Tests use it to check the broker's access rules.
// Thread-safety: stateless; each call has its own libmosquitto handle and runs its network
// loop on the calling thread.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"

namespace edge {

struct ConnectAttempt {
    std::string host = "127.0.0.1";
    int port = 1883;
    std::string username;  // empty: no credentials
    std::string password;
    // TLS when `ca_file` is set, with this client certificate when `cert_file` is set.
    std::string ca_file;
    std::string cert_file;
    std::string key_file;
    std::chrono::milliseconds timeout{2000};
};

// MQTT v5 CONNACK reason codes the callers tell apart.
inline constexpr int kConnackAccepted = 0;
inline constexpr int kConnackBadCredentials = 134;
inline constexpr int kConnackNotAuthorized = 135;

// The CONNACK's reason code; an error when the broker could not be reached or sent no CONNACK
// within the timeout.
Result<int> connect_once(const ConnectAttempt& attempt);

}  // namespace edge
