#include "agent/engine/docker_api.h"

#include <algorithm>
#include <charconv>

#include "agent/engine/docker_network_api.h"
#include "agent/engine/docker_runtime_api.h"

namespace edge {

using nlohmann::json;

namespace {

std::string port_key(const PortMapping& port) {
    return std::to_string(port.container_port) + "/" + port.protocol;
}

std::string string_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

int64_t integer_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

int to_int(const std::string& text, int fallback) {
    int value = fallback;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : fallback;
}

std::map<std::string, std::string> labels_of(const json& object) {
    std::map<std::string, std::string> labels;
    auto found = object.find("Labels");
    if (found == object.end() || !found->is_object()) return labels;
    for (const auto& [key, value] : found->items()) {
        if (value.is_string()) labels[key] = value.get<std::string>();
    }
    return labels;
}

// Fills the identity fields of an observed container from the agent's labels.
void apply_labels(ContainerDetails& details) {
    auto label = [&](const char* key) {
        auto found = details.labels.find(key);
        return found != details.labels.end() ? found->second : std::string();
    };
    ObservedContainer& c = details.observed;
    c.stack = label(kLabelStack);
    c.service = label(kLabelService);
    c.replica = to_int(label(kLabelReplica), -1);
    c.spec_hash = label(kLabelSpecHash);
    int64_t generation = 0;
    std::string text = label(kLabelGeneration);
    std::from_chars(text.data(), text.data() + text.size(), generation);
    c.generation = generation;
}

std::string strip_slash(std::string name) {
    if (!name.empty() && name.front() == '/') name.erase(0, 1);
    return name;
}

}  // namespace

json healthcheck_body(const HealthCheck& check) {
    constexpr int64_t kNanosPerMs = 1000 * 1000;
    json body = {{"Test", check.engine_test()}};
    if (check.kind == HealthCheck::Kind::kNone) return body;
    // The engine takes nanoseconds; 0 (left out) means its own default.
    if (check.interval_ms > 0) body["Interval"] = check.interval_ms * kNanosPerMs;
    if (check.timeout_ms > 0) body["Timeout"] = check.timeout_ms * kNanosPerMs;
    if (check.start_period_ms > 0) body["StartPeriod"] = check.start_period_ms * kNanosPerMs;
    if (check.retries > 0) body["Retries"] = check.retries;
    return body;
}

std::string health_from_status_text(const std::string& status) {
    // The list's Status reads "Up 3 minutes (healthy)", "Up 2 seconds (health: starting)".
    if (status.find("(healthy)") != std::string::npos) return kHealthHealthy;
    if (status.find("(unhealthy)") != std::string::npos) return kHealthUnhealthy;
    if (status.find("(health: starting)") != std::string::npos) return kHealthStarting;
    return "";
}

ImageReference split_image_reference(const std::string& image) {
    if (image.find('@') != std::string::npos) return {image, ""};
    size_t colon = image.rfind(':');
    size_t slash = image.rfind('/');
    // A colon before the last slash belongs to a registry host:port, not to a tag.
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
        return {image, "latest"};
    }
    return {image.substr(0, colon), image.substr(colon + 1)};
}

json create_container_body(const ContainerCreateSpec& spec) {
    const DesiredContainer& c = spec.container;
    json env = json::array();
    for (const auto& [key, value] : c.environment) env.push_back(key + "=" + value);

    json exposed = json::object();
    json bindings = json::object();
    for (const auto& port : c.ports) {
        exposed[port_key(port)] = json::object();
        if (port.host_port == 0) continue;
        bindings[port_key(port)].push_back(
            {{"HostIp", port.host_ip}, {"HostPort", std::to_string(port.host_port)}});
    }

    json mounts = json::array();
    json binds = json::array();
    for (const auto& volume : c.volumes) {
        if (needs_bind_syntax(volume)) {
            binds.push_back(bind_text(volume));
        } else {
            mounts.push_back(mount_body(volume));
        }
    }

    json host_config = {
        // MemorySwap equal to Memory: swap cannot be used to exceed the limit.
        {"Memory", c.memory_limit},
        {"MemorySwap", c.memory_limit},
        {"RestartPolicy", {{"Name", to_string(c.restart)}, {"MaximumRetryCount", 0}}},
        {"PortBindings", bindings},
        {"Mounts", mounts},
    };
    if (!binds.empty()) host_config["Binds"] = binds;

    json body = {
        {"Image", c.image},
        {"Env", env},
        {"Labels",
         {{kLabelNode, spec.node},
          {kLabelStack, c.stack},
          {kLabelService, c.service},
          {kLabelReplica, std::to_string(c.replica)},
          {kLabelSpecHash, c.spec_hash},
          {kLabelGeneration, std::to_string(spec.generation)}}},
        {"ExposedPorts", exposed},
        {"HostConfig", host_config},
    };
    if (c.command) body["Cmd"] = *c.command;
    if (c.entrypoint) body["Entrypoint"] = *c.entrypoint;
    if (c.healthcheck) body["Healthcheck"] = healthcheck_body(*c.healthcheck);
    add_container_networking(body, c);
    add_runtime_options(body, c, spec.node);
    return body;
}

Result<std::vector<ContainerDetails>> parse_container_list(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_array()) {
        return make_error("engine returned a container list that is not a JSON array");
    }
    std::vector<ContainerDetails> list;
    for (const auto& item : document) {
        if (!item.is_object()) return make_error("engine returned a non-object container");
        ContainerDetails details;
        details.observed.id = string_field(item, "Id");
        auto names = item.find("Names");
        if (names != item.end() && names->is_array() && !names->empty() &&
            names->front().is_string()) {
            details.observed.name = strip_slash(names->front().get<std::string>());
        }
        details.observed.state = string_field(item, "State");
        details.image = string_field(item, "Image");
        details.observed.image_id = string_field(item, "ImageID");
        details.observed.health = health_from_status_text(string_field(item, "Status"));
        details.labels = labels_of(item);
        apply_labels(details);
        if (details.observed.id.empty())
            return make_error("engine returned a container without Id");
        list.push_back(std::move(details));
    }
    return list;
}

Result<std::vector<std::string>> parse_image_repo_digests(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return make_error("engine returned image details that are not a JSON object");
    }
    std::vector<std::string> digests;
    auto found = document.find("RepoDigests");
    if (found == document.end() || !found->is_array()) return digests;
    for (const auto& digest : *found) {
        if (digest.is_string()) digests.push_back(digest.get<std::string>());
    }
    return digests;
}

Result<ContainerDetails> parse_container_inspect(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return make_error("engine returned container details that are not a JSON object");
    }
    ContainerDetails details;
    details.observed.id = string_field(document, "Id");
    details.observed.name = strip_slash(string_field(document, "Name"));
    auto state = document.find("State");
    if (state != document.end() && state->is_object()) {
        details.observed.state = string_field(*state, "Status");
        details.observed.exit_code = static_cast<int>(integer_field(*state, "ExitCode"));
        auto oom = state->find("OOMKilled");
        details.observed.oom_killed = oom != state->end() && oom->is_boolean() && oom->get<bool>();
        auto health = state->find("Health");
        if (health != state->end() && health->is_object()) {
            std::string status = string_field(*health, "Status");
            // "none" is what the engine says for a check switched off with NONE.
            if (status == kHealthStarting || status == kHealthHealthy ||
                status == kHealthUnhealthy) {
                details.observed.health = status;
            }
        }
    }
    details.observed.engine_restarts = static_cast<int>(integer_field(document, "RestartCount"));
    details.observed.image_id = string_field(document, "Image");
    auto network = document.find("NetworkSettings");
    if (network != document.end() && network->is_object()) {
        details.ip_address = string_field(*network, "IPAddress");
        auto networks = network->find("Networks");
        if (details.ip_address.empty() && networks != network->end() && networks->is_object()) {
            for (const auto& [name, settings] : networks->items()) {
                if (!settings.is_object()) continue;
                details.ip_address = string_field(settings, "IPAddress");
                if (!details.ip_address.empty()) break;
            }
        }
    }
    auto host_config = document.find("HostConfig");
    if (host_config != document.end() && host_config->is_object()) {
        details.observed.memory_limit = integer_field(*host_config, "Memory");
    }
    auto config = document.find("Config");
    if (config != document.end() && config->is_object()) {
        details.labels = labels_of(*config);
        details.image = string_field(*config, "Image");
        auto stop_timeout = config->find("StopTimeout");
        if (stop_timeout != config->end() && stop_timeout->is_number_integer()) {
            details.stop_timeout_seconds = static_cast<int>(
                std::clamp<int64_t>(stop_timeout->get<int64_t>(), 0, 7 * 24 * 3600));
        }
    }
    apply_labels(details);
    if (details.observed.id.empty()) return make_error("engine returned a container without Id");
    return details;
}

std::optional<EngineEvent> parse_container_event(std::string_view line) {
    json event = json::parse(line.begin(), line.end(), nullptr, false);
    if (event.is_discarded() || !event.is_object()) return std::nullopt;
    std::string type = string_field(event, "Type");
    if (!type.empty() && type != "container") return std::nullopt;
    EngineEvent parsed;
    parsed.action = string_field(event, "Action");
    if (parsed.action.empty()) parsed.action = string_field(event, "status");
    parsed.container_id = string_field(event, "id");
    auto actor = event.find("Actor");
    if (parsed.container_id.empty() && actor != event.end() && actor->is_object()) {
        parsed.container_id = string_field(*actor, "ID");
    }
    parsed.time_nanos = integer_field(event, "timeNano");
    int64_t seconds = integer_field(event, "time");
    parsed.time_ms = parsed.time_nanos > 0 ? parsed.time_nanos / 1000000 : seconds * 1000;
    if (parsed.container_id.empty() || parsed.action.empty()) return std::nullopt;
    return parsed;
}

std::vector<EngineEvent> parse_container_events(std::string_view body) {
    std::vector<EngineEvent> events;
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        auto event = parse_container_event(body.substr(start, end - start));
        start = end + 1;
        if (event && (event->action == "oom" || event->action == "start")) {
            events.push_back(std::move(*event));
        }
    }
    return events;
}

int compare_api_versions(const std::string& a, const std::string& b) {
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() || j < b.size()) {
        int x = 0;
        int y = 0;
        for (; i < a.size() && a[i] != '.'; ++i) {
            if (a[i] >= '0' && a[i] <= '9') x = x * 10 + (a[i] - '0');
        }
        for (; j < b.size() && b[j] != '.'; ++j) {
            if (b[j] >= '0' && b[j] <= '9') y = y * 10 + (b[j] - '0');
        }
        if (x != y) return x < y ? -1 : 1;
        ++i;
        ++j;
    }
    return 0;
}

Result<EngineVersion> parse_version(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return make_error("engine /version is not a JSON object");
    }
    EngineVersion version;
    version.version = string_field(document, "Version");
    version.os = string_field(document, "Os");
    version.arch = string_field(document, "Arch");
    std::string engine_api = string_field(document, "ApiVersion");
    if (engine_api.empty()) return make_error("engine /version has no ApiVersion");
    if (compare_api_versions(engine_api, kOldestApiVersion) < 0) {
        return make_error("engine API version " + engine_api + " is older than the oldest " +
                          "supported, " + kOldestApiVersion);
    }
    version.api_version =
        compare_api_versions(engine_api, kNewestApiVersion) < 0 ? engine_api : kNewestApiVersion;
    return version;
}

std::string engine_error_message(std::string_view body) {
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (!document.is_discarded() && document.is_object()) {
        std::string message = string_field(document, "message");
        if (!message.empty()) return message;
    }
    std::string text(body);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text.empty() ? "no error message" : text;
}

std::string pull_line_error(std::string_view line) {
    json document = json::parse(line.begin(), line.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) return {};
    std::string error = string_field(document, "error");
    if (error.empty()) {
        auto detail = document.find("errorDetail");
        if (detail != document.end() && detail->is_object()) {
            error = string_field(*detail, "message");
        }
    }
    return error;
}

}  // namespace edge
