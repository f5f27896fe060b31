#include "compose/fields/update_config_parser.h"

#include <cstdlib>

#include "core/reconcile/health.h"

namespace edge::compose {

namespace {

Result<double> parse_ratio(const Value& value) {
    const char* const expected = "a fraction from 0 to 1, such as 0.25";
    auto text = value.text(expected);
    if (!text) return text.error();
    char* end = nullptr;
    double ratio = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !(ratio >= 0 && ratio <= 1)) {
        return value.expected(expected);
    }
    return ratio;
}

}  // namespace

Result<UpdateConfig> parse_update_config(const Value& block, UpdateConfig defaults,
                                         bool allow_rollback) {
    auto entries = block.entries();
    if (!entries) return entries.error();
    UpdateConfig config = defaults;
    for (const Entry& entry : *entries) {
        const Value& value = entry.value;
        if (entry.key == "parallelism") {
            auto parallelism = value.integer(0, 1000);
            if (!parallelism) return parallelism.error();
            config.parallelism = static_cast<int>(*parallelism);
        } else if (entry.key == "delay" || entry.key == "monitor") {
            auto ms = value.duration("a duration such as 10s or 1m30s");
            if (!ms) return ms.error();
            (entry.key == "delay" ? config.delay_ms : config.monitor_ms) = *ms;
        } else if (entry.key == "order") {
            const char* const expected = "stop-first or start-first";
            auto order = value.text(expected);
            if (!order) return order.error();
            if (*order == "stop-first") {
                config.order = UpdateConfig::Order::kStopFirst;
            } else if (*order == "start-first") {
                config.order = UpdateConfig::Order::kStartFirst;
            } else {
                return value.expected(expected);
            }
        } else if (entry.key == "failure_action") {
            const char* const expected =
                allow_rollback ? "pause, rollback or continue" : "pause or continue";
            auto action = value.text(expected);
            if (!action) return action.error();
            if (*action == "pause") {
                config.failure_action = UpdateConfig::FailureAction::kPause;
            } else if (*action == "continue") {
                config.failure_action = UpdateConfig::FailureAction::kContinue;
            } else if (*action == "rollback" && allow_rollback) {
                config.failure_action = UpdateConfig::FailureAction::kRollback;
            } else {
                return value.expected(expected);
            }
        } else if (entry.key == "max_failure_ratio") {
            auto ratio = parse_ratio(value);
            if (!ratio) return ratio.error();
            config.max_failure_ratio = *ratio;
        } else {
            value.warn_unsupported();
        }
    }
    return config;
}

}  // namespace edge::compose
