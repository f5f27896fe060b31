// The HTTP API's JSON answers and errors ({"error": ..., "errors": [lines]?}), shared by the
// API's routes, the web login and the live streams.
// Thread-safety: stateless.
#pragma once

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace edge::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// A message of several lines (a compose file's errors) also comes as "errors", one a line.
void send_error(httplib::Response& res, int status, const std::string& message);

}  // namespace edge::http
