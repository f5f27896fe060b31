#include "schema/update_json.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr int64_t kMaxDurationMs = 7LL * 24 * 3600 * 1000;

json config_to_json(const UpdateConfig& config) {
    return {{"parallelism", config.parallelism},
            {"delay_ms", config.delay_ms},
            {"monitor_ms", config.monitor_ms},
            {"order", to_string(config.order)},
            {"failure_action", to_string(config.failure_action)},
            {"max_failure_ratio", config.max_failure_ratio}};
}

UpdateConfig config_from(JsonReader& item, UpdateConfig config) {
    config.parallelism = static_cast<int>(item.integer("parallelism", 0, 1000));
    config.delay_ms = item.integer("delay_ms", 0, kMaxDurationMs);
    config.monitor_ms = item.integer("monitor_ms", 0, kMaxDurationMs);
    std::string order = item.string("order", 16);
    if (order == "start-first") {
        config.order = UpdateConfig::Order::kStartFirst;
    } else if (order == "stop-first") {
        config.order = UpdateConfig::Order::kStopFirst;
    } else if (item.ok()) {
        item.fail("order", "stop-first or start-first");
    }
    std::string action = item.string("failure_action", 16);
    if (action == "pause") {
        config.failure_action = UpdateConfig::FailureAction::kPause;
    } else if (action == "rollback") {
        config.failure_action = UpdateConfig::FailureAction::kRollback;
    } else if (action == "continue") {
        config.failure_action = UpdateConfig::FailureAction::kContinue;
    } else if (item.ok()) {
        item.fail("failure_action", "pause, rollback or continue");
    }
    const json& ratio = item.raw().contains("max_failure_ratio")
                            ? item.raw().at("max_failure_ratio")
                            : json(nullptr);
    if (!ratio.is_number() || !(ratio.get<double>() >= 0 && ratio.get<double>() <= 1)) {
        if (item.ok()) item.fail("max_failure_ratio", "a number from 0 to 1");
    } else {
        config.max_failure_ratio = ratio.get<double>();
    }
    return config;
}

constexpr RolloutPhase kPhases[] = {RolloutPhase::kUpdating, RolloutPhase::kRollingBack,
                                    RolloutPhase::kPaused, RolloutPhase::kCompleted,
                                    RolloutPhase::kRolledBack};

}  // namespace

void put_update_configs(json& object, const ServiceSpec& service) {
    if (service.update != default_update_config()) {
        object["update_config"] = config_to_json(service.update);
    }
    if (service.rollback != default_rollback_config()) {
        object["rollback_config"] = config_to_json(service.rollback);
    }
}

void read_update_configs(JsonReader& reader, ServiceSpec& service) {
    if (reader.has("update_config") && reader.ok()) {
        JsonReader item = reader.object("update_config");
        if (item.ok()) service.update = config_from(item, default_update_config());
    }
    if (reader.has("rollback_config") && reader.ok()) {
        JsonReader item = reader.object("rollback_config");
        if (item.ok()) service.rollback = config_from(item, default_rollback_config());
    }
}

json rollout_to_json(const Rollout& rollout) {
    return {{"phase", to_string(rollout.phase)},
            {"started_ms", rollout.started_ms},
            {"next_batch_ms", rollout.next_batch_ms},
            {"failures", rollout.failures},
            {"message", rollout.message}};
}

Result<Rollout> rollout_from_json(const json& object) {
    std::string error;
    JsonReader reader(object, "rollout", &error);
    Rollout rollout;
    std::string phase = reader.string("phase", 16);
    bool known = false;
    for (RolloutPhase candidate : kPhases) {
        if (phase == to_string(candidate)) {
            rollout.phase = candidate;
            known = true;
        }
    }
    if (reader.ok() && !known) {
        reader.fail("phase", "updating, rolling-back, paused, completed or rolled-back");
    }
    rollout.started_ms = reader.integer("started_ms", 0, INT64_MAX);
    rollout.next_batch_ms = reader.integer("next_batch_ms", 0, INT64_MAX);
    rollout.failures = static_cast<int>(reader.integer("failures", 0, 1000000));
    rollout.message = reader.string("message", 4096, false);
    if (!error.empty()) return make_error(error);
    return rollout;
}

}  // namespace edge
