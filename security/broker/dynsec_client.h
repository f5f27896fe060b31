// DynsecClient: runs Mosquitto dynamic-security commands over MQTT and waits for each answer.
// It rides on a connection the caller owns (whose identity holds the broker-admin role): the
// caller subscribes kDynsecResponseTopic and hands every message to deliver().
// Thread-safety: run() may be called from any thread except the MQTT network thread (it waits
// for an answer that thread delivers); deliver() is called from the network thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "bus/mqtt_client.h"

namespace edge {

inline constexpr const char* kDynsecCommandTopic = "$CONTROL/dynamic-security/v1";
inline constexpr const char* kDynsecResponseTopic = "$CONTROL/dynamic-security/v1/response";

class DynsecClient {
  public:
    explicit DynsecClient(MqttClient& mqtt);

    // Sends one command and returns the plugin's error text ("" on success), or an Error when
    // no answer came within `timeout`.
    Result<std::string> run(nlohmann::json command,
                            std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // Like run(), but returns the answer's "data" (e.g. of listRoles); the plugin's complaint
    // is an error.
    Result<nlohmann::json> query(nlohmann::json command,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // True when `message` was an answer to one of our commands.
    bool deliver(const MqttMessageIn& message);

  private:
    // run(), also handing over the answer's data when `data` is not null.
    Result<std::string> run(nlohmann::json command, std::chrono::milliseconds timeout,
                            nlohmann::json* data);

    MqttClient& mqtt_;
    // Every subscriber of the response topic sees every answer (the hub's enrollment service,
    // `edge-hub init`, mosquitto_ctrl): our correlation ids carry a random prefix, and answers
    // to anyone else's commands are ignored.
    const std::string correlation_prefix_;
    std::mutex mutex_;
    std::condition_variable answered_;
    uint64_t next_id_ = 0;                        // GUARDED_BY(mutex_)
    std::map<std::string, std::string> answers_;  // correlation -> error; GUARDED_BY(mutex_)
    std::map<std::string, nlohmann::json> data_;  // correlation -> data; GUARDED_BY(mutex_)
};

}  // namespace edge
