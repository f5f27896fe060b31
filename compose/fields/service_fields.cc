#include "compose/fields/service_fields.h"

#include <cctype>

#include "compose/fields/command_split.h"
#include "compose/fields/healthcheck_parser.h"

namespace edge::compose {

namespace {

bool all_digits(const std::string& text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// A bare `FOO` takes FOO's value from the variables the file is read with (edgectl's
// environment); Compose leaves an unset one out of the container's environment.
void take_from_variables(const Value& where, const std::string& name,
                         std::map<std::string, std::string>& environment) {
    const Variables& variables = where.context().inputs.variables;
    if (auto found = variables.find(name); found != variables.end()) {
        environment[name] = found->second;
    } else {
        environment.erase(name);
    }
}

}  // namespace

Result<std::vector<std::string>> parse_command(const Value& value) {
    if (value.is_scalar()) {
        auto text = value.text();
        if (!text) return text.error();
        auto words = split_command(*text);
        if (!words) return value.fail(words.error().message);
        return words;
    }
    if (!value.is_list()) return value.expected("a string or a list of strings");
    auto items = value.items();
    if (!items) return items.error();
    std::vector<std::string> words;
    for (const Value& item : *items) {
        auto word = item.text();
        if (!word) return word.error();
        words.push_back(*word);
    }
    return words;
}

Status parse_environment(const Value& value, std::map<std::string, std::string>& environment) {
    if (value.is_list()) {
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto text = item.text("VAR=value");
            if (!text) return text.error();
            size_t equals = text->find('=');
            std::string name = text->substr(0, equals);
            if (name.empty()) return item.expected("VAR=value");
            if (equals == std::string::npos) {
                take_from_variables(item, name, environment);
            } else {
                environment[name] = text->substr(equals + 1);
            }
        }
        return ok_status();
    }
    if (!value.is_map()) return value.expected("a list of VAR=value or a map");
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.key.empty() || entry.key.find('=') != std::string::npos) {
            return entry.value.fail("\"" + entry.key + "\" is not a variable name");
        }
        if (entry.value.is_null()) {
            take_from_variables(entry.value, entry.key, environment);
            continue;
        }
        auto text = entry.value.text("a string, number or boolean");
        if (!text) return text.error();
        environment[entry.key] = *text;
    }
    return ok_status();
}

Result<RestartPolicy> parse_restart(const Value& value) {
    const char* const expected = "no, always, on-failure or unless-stopped";
    auto text = value.text(expected);
    if (!text) return text.error();
    if (*text == "no") return RestartPolicy::kNo;
    if (*text == "always") return RestartPolicy::kAlways;
    if (*text == "on-failure") return RestartPolicy::kOnFailure;
    if (*text == "unless-stopped") return RestartPolicy::kUnlessStopped;
    const std::string on_failure_prefix = "on-failure:";
    if (text->starts_with(on_failure_prefix) &&
        all_digits(text->substr(on_failure_prefix.size()))) {
        value.warn("a retry limit is not supported; the container is restarted on every failure");
        return RestartPolicy::kOnFailure;
    }
    return value.expected(expected);
}

Status parse_x_edge(const Value& value, ServiceSpec& spec, JobDeclarations& job) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (is_job_x_edge_key(entry.key)) {
            Status status = parse_job_x_edge_key(entry, job);
            if (!status) return status;
        } else if (entry.key == "class") {
            auto text = entry.value.text("database or stateless");
            if (!text) return text.error();
            if (*text == "database") {
                spec.service_class = ServiceClass::kDatabase;
            } else if (*text == "stateless") {
                spec.service_class = ServiceClass::kStateless;
            } else {
                return entry.value.expected("database or stateless");
            }
        } else if (entry.key == "allow-low-power") {
            auto allow = entry.value.boolean();
            if (!allow) return allow.error();
            spec.allow_low_power = *allow;
        } else if (entry.key == "http-check") {
            auto check = parse_http_check(entry.value);
            if (!check) return check.error();
            spec.http_check = *check;
        } else if (entry.key == "memory") {
            // How the limit is chosen (docs/memory.md); `default` is the absence of this key.
            auto text = entry.value.text("auto, recommend or fixed");
            if (!text) return text.error();
            auto mode = memory_mode_from(*text);
            if (!mode || *mode == MemoryMode::kDefault) {
                return entry.value.expected("auto, recommend or fixed");
            }
            spec.memory_mode = *mode;
        } else if (entry.key == "stop-after-disconnect") {
            // Self-fencing during a partition (docs/node-failure.md): a node that has not heard
            // from the broker this long stops the service's replicas there.
            auto ms = entry.value.duration("a duration such as 30s");
            if (!ms) return ms.error();
            if (*ms < 1000) return entry.value.expected("a duration of at least 1s, such as 30s");
            spec.stop_after_disconnect_ms = *ms;
        } else {
            entry.value.warn("unknown x-edge key, ignored");
        }
    }
    return ok_status();
}

}  // namespace edge::compose
