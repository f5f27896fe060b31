#include "security/broker/dynsec_client.h"

#include <random>

namespace edge {

namespace {

std::string random_prefix() {
    std::random_device random;
    static const char* kHex = "0123456789abcdef";
    std::string prefix = "edge-";
    for (int i = 0; i < 12; ++i) prefix += kHex[random() % 16];
    return prefix + "-";
}

}  // namespace

DynsecClient::DynsecClient(MqttClient& mqtt) : mqtt_(mqtt), correlation_prefix_(random_prefix()) {}

Result<nlohmann::json> DynsecClient::query(nlohmann::json command,
                                           std::chrono::milliseconds timeout) {
    std::string name = command.value("command", "a command");
    nlohmann::json data;
    auto error = run(std::move(command), timeout, &data);
    if (!error) return error.error();
    if (!error->empty()) return make_error(name + ": " + *error);
    return data;
}

Result<std::string> DynsecClient::run(nlohmann::json command, std::chrono::milliseconds timeout) {
    return run(std::move(command), timeout, nullptr);
}

Result<std::string> DynsecClient::run(nlohmann::json command, std::chrono::milliseconds timeout,
                                      nlohmann::json* data) {
    std::string correlation;
    {
        std::lock_guard lock(mutex_);
        correlation = correlation_prefix_ + std::to_string(++next_id_);
    }
    command["correlationData"] = correlation;
    nlohmann::json envelope = {{"commands", nlohmann::json::array({command})}};
    Status sent = mqtt_.publish({kDynsecCommandTopic, envelope.dump(), 1, false, "", ""});
    if (!sent) return sent.error();

    std::unique_lock lock(mutex_);
    if (!answered_.wait_for(lock, timeout, [&] { return answers_.count(correlation) > 0; })) {
        return make_error("the broker did not answer " + command.value("command", "a command") +
                          " (is the dynamic-security plugin loaded, and may this identity use "
                          "it?)");
    }
    std::string error = std::move(answers_[correlation]);
    answers_.erase(correlation);
    if (data != nullptr) *data = std::move(data_[correlation]);
    data_.erase(correlation);
    return error;
}

bool DynsecClient::deliver(const MqttMessageIn& message) {
    if (message.topic != kDynsecResponseTopic) return false;
    auto json = nlohmann::json::parse(message.payload, nullptr, false);
    if (!json.is_object() || !json.contains("responses") || !json["responses"].is_array()) {
        return true;
    }
    std::lock_guard lock(mutex_);
    for (const auto& response : json["responses"]) {
        if (!response.is_object()) continue;
        auto correlation = response.find("correlationData");
        if (correlation == response.end() || !correlation->is_string()) continue;
        if (correlation->get<std::string>().rfind(correlation_prefix_, 0) != 0) continue;
        auto error = response.find("error");
        answers_[correlation->get<std::string>()] =
            error != response.end() && error->is_string() ? error->get<std::string>() : "";
        auto data = response.find("data");
        if (data != response.end()) data_[correlation->get<std::string>()] = *data;
    }
    answered_.notify_all();
    return true;
}

}  // namespace edge
