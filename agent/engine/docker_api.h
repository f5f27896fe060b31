// The JSON shapes of the Docker Engine API (also spoken by Podman's compatible socket) that the
// agent uses, as pure functions: the body of POST /containers/create, and the parsing of
// GET /containers/json, GET /containers/{id}/json, GET /version and pull progress lines.
// Parsers never throw; malformed engine output becomes an Error.
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/engine/engine.h"
#include "core/result.h"

namespace edge {

// The newest API version this client is written against, and the oldest it can work with
// (HostConfig.Mounts appeared in 1.25).
inline constexpr const char* kNewestApiVersion = "1.41";
inline constexpr const char* kOldestApiVersion = "1.25";

// An image reference split for POST /images/create: "nginx" -> ("nginx", "latest"),
// "host:5000/a/b:1.2" -> ("host:5000/a/b", "1.2"), "a@sha256:..." -> ("a@sha256:...", "").
struct ImageReference {
    std::string from_image;
    std::string tag;
};
ImageReference split_image_reference(const std::string& image);

// The request body for POST /containers/create.
nlohmann::json create_container_body(const ContainerCreateSpec& spec);

// The Healthcheck object of a create body: Test plus the timings in nanoseconds.
nlohmann::json healthcheck_body(const HealthCheck& check);

// The health the container list's Status text shows: healthy, unhealthy, starting or "".
std::string health_from_status_text(const std::string& status);

// Parses GET /containers/json (one summary per container; exit code and limits stay unset).
Result<std::vector<ContainerDetails>> parse_container_list(std::string_view body);

// Parses GET /containers/{id}/json.
Result<ContainerDetails> parse_container_inspect(std::string_view body);
// The RepoDigests of GET /images/{name}/json.
Result<std::vector<std::string>> parse_image_repo_digests(std::string_view body);

// Parses one line of GET /events: a container event with its action ("die", "oom",
// "health_status: healthy", ...). Anything else, malformed lines included, is nullopt.
std::optional<EngineEvent> parse_container_event(std::string_view line);

// Parses the newline-separated JSON objects of GET /events; lines that are not container
// "oom" or "start" events are skipped.
std::vector<EngineEvent> parse_container_events(std::string_view body);

// Parses GET /version and picks the API version to speak: the engine's own when older than
// kNewestApiVersion, otherwise kNewestApiVersion. Too old an engine is an error.
Result<EngineVersion> parse_version(std::string_view body);

// The error text of an engine error body ({"message": "..."}), or the raw body when not JSON.
std::string engine_error_message(std::string_view body);

// One line of pull progress: returns the error it reports, or an empty string.
std::string pull_line_error(std::string_view line);

// Compares dotted API versions numerically: "1.9" < "1.41".
int compare_api_versions(const std::string& a, const std::string& b);

}  // namespace edge
