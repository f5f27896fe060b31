#include "schema/health_json.h"
#include "schema/json_fields.h"

#include "core/memory/oom_insight.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxCheckText = 4096;

const char* kind_name(HealthCheck::Kind kind) {
    switch (kind) {
        case HealthCheck::Kind::kNone:
            return "none";
        case HealthCheck::Kind::kCmd:
            return "cmd";
        case HealthCheck::Kind::kCmdShell:
            return "cmd-shell";
    }
    return "cmd";
}

}  // namespace

void put_health(json& object, const std::optional<HealthCheck>& healthcheck,
                const std::optional<HttpCheck>& http_check) {
    if (healthcheck) {
        object["healthcheck"] = {{"kind", kind_name(healthcheck->kind)},
                                 {"command", healthcheck->command},
                                 {"interval_ms", healthcheck->interval_ms},
                                 {"timeout_ms", healthcheck->timeout_ms},
                                 {"start_period_ms", healthcheck->start_period_ms},
                                 {"retries", healthcheck->retries}};
    }
    if (http_check) {
        object["http_check"] = {{"port", http_check->port},
                                {"path", http_check->path},
                                {"expect", http_check->expect},
                                {"interval_ms", http_check->interval_ms},
                                {"timeout_ms", http_check->timeout_ms},
                                {"retries", http_check->retries}};
    }
}

void read_health(JsonReader& reader, std::optional<HealthCheck>& healthcheck,
                 std::optional<HttpCheck>& http_check) {
    if (reader.has("healthcheck") && reader.ok()) {
        JsonReader item = reader.object("healthcheck");
        HealthCheck check;
        std::string kind = item.string("kind", 16);
        if (kind == "none") {
            check.kind = HealthCheck::Kind::kNone;
        } else if (kind == "cmd") {
            check.kind = HealthCheck::Kind::kCmd;
        } else if (kind == "cmd-shell") {
            check.kind = HealthCheck::Kind::kCmdShell;
        } else if (item.ok()) {
            item.fail("kind", "none, cmd or cmd-shell");
        }
        check.command = item.optional_string_list("command").value_or(std::vector<std::string>{});
        if (item.ok() && check.kind != HealthCheck::Kind::kNone && check.command.empty()) {
            item.fail("command", "a non-empty command");
        }
        check.interval_ms = item.integer("interval_ms", 0, kMaxDurationMs, false);
        check.timeout_ms = item.integer("timeout_ms", 0, kMaxDurationMs, false);
        check.start_period_ms = item.integer("start_period_ms", 0, kMaxDurationMs, false);
        check.retries = static_cast<int>(item.integer("retries", 0, 1000, false));
        if (item.ok()) healthcheck = std::move(check);
    }
    if (reader.has("http_check") && reader.ok()) {
        JsonReader item = reader.object("http_check");
        HttpCheck check;
        check.port = static_cast<int>(item.integer("port", 1, 65535));
        check.path = item.string("path", kMaxCheckText);
        if (item.ok() && (check.path.empty() || check.path.front() != '/')) {
            item.fail("path", "a path starting with /");
        }
        check.expect = static_cast<int>(item.integer("expect", 100, 599));
        check.interval_ms = item.integer("interval_ms", 100, kMaxDurationMs, false, 10000);
        check.timeout_ms = item.integer("timeout_ms", 100, kMaxDurationMs, false, 3000);
        check.retries = static_cast<int>(item.integer("retries", 1, 1000, false, 3));
        if (item.ok()) http_check = std::move(check);
    }
}

void put_insight(json& object, const ObservedContainer& c) {
    if (!c.health.empty()) object["health"] = c.health;
    if (c.health_restarts > 0) object["health_restarts"] = c.health_restarts;
    if (c.engine_restarts > 0) object["engine_restarts"] = c.engine_restarts;
    if (c.oom_kills > 0) object["oom_kills"] = c.oom_kills;
    if (!c.oom_times_ms.empty()) object["oom_times_ms"] = c.oom_times_ms;
    if (c.memory_peak > 0) object["memory_peak"] = c.memory_peak;
    if (c.restart_at_ms > 0) object["restart_at_ms"] = c.restart_at_ms;
    if (c.quick_exits > 0) object["quick_exits"] = c.quick_exits;
}

void read_insight(JsonReader& reader, ObservedContainer& c) {
    c.health = reader.string("health", 16, false);
    if (reader.ok() && !c.health.empty() && c.health != kHealthStarting &&
        c.health != kHealthHealthy && c.health != kHealthUnhealthy) {
        reader.fail("health", "starting, healthy or unhealthy");
    }
    c.health_restarts = static_cast<int>(reader.integer("health_restarts", 0, 1 << 30, false));
    c.engine_restarts = static_cast<int>(reader.integer("engine_restarts", 0, 1 << 30, false));
    c.oom_kills = static_cast<int>(reader.integer("oom_kills", 0, 1 << 30, false));
    c.memory_peak = reader.integer("memory_peak", 0, kMaxBytes, false);
    c.restart_at_ms = reader.integer("restart_at_ms", 0, kLatestUnixMs, false);
    c.quick_exits = static_cast<int>(reader.integer("quick_exits", 0, 1 << 20, false));
    if (!reader.has("oom_times_ms") || !reader.ok()) return;
    const json& times = reader.raw()["oom_times_ms"];
    if (!times.is_array() || times.size() > kMaxOomTimes) {
        reader.fail("oom_times_ms", "an array of at most 16 times");
        return;
    }
    for (const auto& time : times) {
        if (!time.is_number_integer() || time.get<int64_t>() < 0) {
            reader.fail("oom_times_ms", "an array of non-negative integers");
            return;
        }
        c.oom_times_ms.push_back(time.get<int64_t>());
    }
}

}  // namespace edge
