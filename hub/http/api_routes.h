// The HTTP API's routes (docs/api.md): each is one request operation edgectl sends over MQTT,
// so the two can never disagree. This file is the pure part: the route table, matching a
// method and path against it, and turning path, query and body into the operation's
// arguments. The OpenAPI document is generated from the same table (openapi.h).
// Thread-safety: stateless; the table is immutable.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "schema/messages.h"

namespace edge::http {

enum class ParamType { kString, kInteger, kBoolean };

struct QueryParam {
    std::string name;  // also the argument's key
    ParamType type = ParamType::kString;
    std::string description;
};

enum class BodyKind {
    kNone,
    kArguments,  // a JSON object merged into the arguments
    kCompose,    // {"name", "compose", "environment"?, "variables"?, "dry_run"?}: parsed here
};

struct Route {
    std::string method;  // GET, POST, DELETE
    // "/api/v1/nodes/{node}/drain": each {name} is a path segment that becomes argument `name`;
    // "{stack}/{service}" segments together become "service": "STACK/SERVICE".
    std::string path;
    std::string op;
    std::string summary;
    std::vector<QueryParam> query;
    BodyKind body = BodyKind::kNone;
};

const std::vector<Route>& api_routes();

// A query parameter's text as its type says: a string, an integer, or true/false (1/0); an
// error names the parameter.
Result<nlohmann::json> query_value(const QueryParam& param, const std::string& text);

// What a request routes to, or why it does not.
struct Routed {
    const Route* route = nullptr;
    Request request;
};
struct RouteError {
    int status = 400;  // 404: no such path; 405: the path exists with other methods
    std::string message;
};

// `query`: the decoded query parameters; `body`: the request body as sent.
std::variant<Routed, RouteError> route_request(const std::string& method, const std::string& path,
                                               const std::map<std::string, std::string>& query,
                                               const std::string& body);

}  // namespace edge::http
