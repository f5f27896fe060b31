// The OpenAPI 3 document of the HTTP API, generated from the route table (api_routes.h), so
// it lists exactly the routes the server answers. Served at /api/v1/openapi.json.
// Thread-safety: stateless.
#pragma once

#include <nlohmann/json.hpp>

namespace edge::http {

inline constexpr const char* kOpenApiPath = "/api/v1/openapi.json";
// Live events, as Server-Sent Events (api_server.cc); not an operation of the route table.
inline constexpr const char* kEventStreamPath = "/api/v1/events/stream";

nlohmann::json openapi_document();

}  // namespace edge::http
