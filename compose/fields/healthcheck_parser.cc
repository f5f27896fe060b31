#include "compose/fields/healthcheck_parser.h"

#include <optional>

namespace edge::compose {

namespace {

constexpr const char* kTestForm =
    "[\"CMD\", \"prog\", \"arg\"...], [\"CMD-SHELL\", \"command\"], [\"NONE\"] or a shell "
    "command string";

// The engine refuses durations between 0 (its default) and one millisecond.
Result<int64_t> parse_check_duration(const Value& value) {
    auto text = value.text("a duration such as 30s or 1m30s");
    if (!text) return text.error();
    auto ms = parse_compose_duration(*text);
    if (!ms) return value.fail(ms.error().message);
    return *ms;
}

Result<HealthCheck> parse_test(const Value& value) {
    HealthCheck check;
    if (value.is_scalar()) {
        // A plain string is CMD-SHELL, as in Compose.
        auto text = value.text(kTestForm);
        if (!text) return text.error();
        if (text->empty()) return value.expected(kTestForm);
        check.kind = HealthCheck::Kind::kCmdShell;
        check.command = {*text};
        return check;
    }
    auto items = value.items();
    if (!items) return value.expected(kTestForm);
    std::vector<std::string> words;
    for (const Value& item : *items) {
        auto word = item.text("a string");
        if (!word) return word.error();
        words.push_back(*word);
    }
    if (words.empty()) return value.expected(kTestForm);
    const std::string& first = words.front();
    if (first == "NONE") {
        if (words.size() != 1) return value.fail("[\"NONE\"] takes no arguments");
        check.kind = HealthCheck::Kind::kNone;
        return check;
    }
    if (first == "CMD") {
        if (words.size() < 2) return value.fail("\"CMD\" needs a program to run after it");
        check.kind = HealthCheck::Kind::kCmd;
    } else if (first == "CMD-SHELL") {
        if (words.size() != 2) {
            return value.fail("\"CMD-SHELL\" takes exactly one command string after it");
        }
        check.kind = HealthCheck::Kind::kCmdShell;
    } else {
        return value.fail("the first item must be CMD, CMD-SHELL or NONE, got \"" + first + "\"");
    }
    check.command.assign(words.begin() + 1, words.end());
    return check;
}

}  // namespace

Result<std::optional<HealthCheck>> parse_healthcheck(const Value& value) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    std::optional<HealthCheck> test;
    const Value* test_value = nullptr;
    bool disabled = false;
    bool has_timing = false;
    HealthCheck timing;
    for (const Entry& entry : *entries) {
        if (entry.key == "test") {
            auto parsed = parse_test(entry.value);
            if (!parsed) return parsed.error();
            test = *parsed;
            test_value = &entry.value;
        } else if (entry.key == "interval" || entry.key == "timeout" ||
                   entry.key == "start_period") {
            auto ms = parse_check_duration(entry.value);
            if (!ms) return ms.error();
            has_timing = true;
            if (entry.key == "interval") timing.interval_ms = *ms;
            if (entry.key == "timeout") timing.timeout_ms = *ms;
            if (entry.key == "start_period") timing.start_period_ms = *ms;
        } else if (entry.key == "retries") {
            auto retries = entry.value.integer(0, 1000);
            if (!retries) return retries.error();
            has_timing = true;
            timing.retries = static_cast<int>(*retries);
        } else if (entry.key == "disable") {
            auto disable = entry.value.boolean();
            if (!disable) return disable.error();
            disabled = *disable;
        } else {
            entry.value.warn_unsupported();
        }
    }
    if (disabled) {
        if (test && test->kind != HealthCheck::Kind::kNone) {
            return test_value->fail("conflicts with disable: true; keep one of them");
        }
        return std::optional<HealthCheck>(HealthCheck{.kind = HealthCheck::Kind::kNone});
    }
    if (!test && !has_timing) {
        // `disable: false` alone (or an empty map) changes nothing: the image's own check runs.
        return std::optional<HealthCheck>{};
    }
    if (!test) {
        // Compose would fall back to the image's own check with these timings; edgeorch passes
        // only whole checks to the engine, so the test must be written out.
        return value.missing("test", "write the check, e.g. test: [\"CMD\", \"/healthcheck\"]");
    }
    if (test->kind == HealthCheck::Kind::kNone) return std::optional<HealthCheck>(*test);
    timing.kind = test->kind;
    timing.command = test->command;
    return std::optional<HealthCheck>(timing);
}

Result<HttpCheck> parse_http_check(const Value& value) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    HttpCheck check;
    bool has_port = false;
    for (const Entry& entry : *entries) {
        if (entry.key == "port") {
            auto port = entry.value.integer(1, 65535);
            if (!port) return port.error();
            check.port = static_cast<int>(*port);
            has_port = true;
        } else if (entry.key == "path") {
            auto path = entry.value.text("a path such as /health");
            if (!path) return path.error();
            if (path->empty() || path->front() != '/') {
                return entry.value.expected("a path starting with /, such as /health");
            }
            check.path = *path;
        } else if (entry.key == "expect") {
            auto expect = entry.value.integer(100, 599);
            if (!expect) return expect.error();
            check.expect = static_cast<int>(*expect);
        } else if (entry.key == "interval" || entry.key == "timeout") {
            auto ms = parse_check_duration(entry.value);
            if (!ms) return ms.error();
            // The agent checks at most every pass; under 100 ms is a typo, not a wish.
            if (*ms < 100) return entry.value.fail("expected at least 100ms");
            (entry.key == "interval" ? check.interval_ms : check.timeout_ms) = *ms;
        } else if (entry.key == "retries") {
            auto retries = entry.value.integer(1, 1000);
            if (!retries) return retries.error();
            check.retries = static_cast<int>(*retries);
        } else {
            entry.value.warn("unknown http-check key, ignored");
        }
    }
    if (!has_port) return value.missing("port", "the container port to send the request to");
    return check;
}

}  // namespace edge::compose
