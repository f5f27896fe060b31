// JSON for the day-2 parts of the schema: health checks in specs and desired sets, and the
// health and OOM fields of observed containers. Every field is optional on the wire and left
// out when unset, so desired sets without health checks keep their spec hashes and older
// agents' reports still decode.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

// Adds "healthcheck" and "http_check" to a service or desired container object when set.
void put_health(nlohmann::json& object, const std::optional<HealthCheck>& healthcheck,
                const std::optional<HttpCheck>& http_check);
// Reads them back with range checks; errors go to the reader.
void read_health(JsonReader& reader, std::optional<HealthCheck>& healthcheck,
                 std::optional<HttpCheck>& http_check);

// The observed container's health and OOM fields.
void put_insight(nlohmann::json& object, const ObservedContainer& container);
void read_insight(JsonReader& reader, ObservedContainer& container);

}  // namespace edge
