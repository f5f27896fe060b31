#include "hub/http/openapi.h"

#include "hub/http/api_routes.h"

namespace edge::http {

namespace {

using nlohmann::json;

const char* type_name(ParamType type) {
    switch (type) {
        case ParamType::kInteger:
            return "integer";
        case ParamType::kBoolean:
            return "boolean";
        case ParamType::kString:
            break;
    }
    return "string";
}

json error_response(const std::string& description) {
    return {{"description", description},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json operation(const Route& route) {
    json parameters = json::array();
    for (size_t open = route.path.find('{'); open != std::string::npos;
         open = route.path.find('{', open + 1)) {
        size_t close = route.path.find('}', open);
        parameters.push_back({{"name", route.path.substr(open + 1, close - open - 1)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
    }
    for (const auto& param : route.query) {
        parameters.push_back({{"name", param.name},
                              {"in", "query"},
                              {"required", false},
                              {"description", param.description},
                              {"schema", {{"type", type_name(param.type)}}}});
    }
    json described = {
        {"operationId", route.op},
        {"summary", route.summary},
        {"parameters", parameters},
        {"responses",
         {{"200",
           {{"description", "the answer edgectl gets for " + route.op},
            {"content", {{"application/json", {{"schema", json::object()}}}}}}},
          {"400", error_response("refused, with the reason (compose errors name file, line "
                                 "and key)")},
          {"401", error_response("no token, or an unknown one")},
          {"403", error_response("the token may not do this (read-only)")}}}};
    if (route.body != BodyKind::kNone) {
        described["requestBody"] = {
            {"required", route.body == BodyKind::kCompose},
            {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    return described;
}

}  // namespace

json openapi_document() {
    json paths = json::object();
    for (const auto& route : api_routes()) {
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        paths[route.path][method] = operation(route);
    }
    paths[kEventStreamPath]["get"] = {
        {"operationId", "events.stream"},
        {"summary",
         "Events as they happen, as Server-Sent Events: `id` and `data` (an event), "
         "`event: lost` when this client fell behind, a comment every 15 s"},
        {"responses",
         {{"200",
           {{"description", "the stream"}, {"content", {{"text/event-stream", json::object()}}}}},
          {"401", error_response("no token, or an unknown one")},
          {"503", error_response("too many live streams are open")}}}};
    paths["/api/v1/services/{stack}/{service}/logs"]["get"] = {
        {"operationId", "logs.stream"},
        {"summary",
         "A service's logs, followed, as Server-Sent Events: `event: session` (the nodes asked "
         "and those that cannot be), then each node's batch as `data` (node, lines of replica, "
         "stream and text), `event: lost` when this client fell behind"},
        {"parameters",
         {{{"name", "stack"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}},
          {{"name", "service"},
           {"in", "path"},
           {"required", true},
           {"schema", {{"type", "string"}}}},
          {{"name", "tail"},
           {"in", "query"},
           {"required", false},
           {"description", "lines of each replica's past to start with (100)"},
           {"schema", {{"type", "integer"}}}},
          {{"name", "environment"},
           {"in", "query"},
           {"required", false},
           {"schema", {{"type", "string"}}}}}},
        {"responses",
         {{"200",
           {{"description", "the stream"}, {"content", {{"text/event-stream", json::object()}}}}},
          {"400", error_response("no such service, or none of its nodes is reachable")},
          {"401", error_response("no token, or an unknown one")},
          {"503", error_response("too many live streams are open")}}}};
    paths["/api/v1/nodes"]["post"] = {
        {"operationId", "node.add"},
        {"summary",
         "A join command for a new node, with a single-use token: {\"name\", "
         "\"join_broker\"?} (edgectl identity only)"},
        {"requestBody",
         {{"required", true},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
        {"responses",
         {{"200",
           {{"description", "{\"node\", \"join_command\"}"},
            {"content", {{"application/json", {{"schema", json::object()}}}}}}},
          {"400", error_response("a bad name, or a hub without broker identities")},
          {"401", error_response("not logged in")},
          {"403", error_response("a token, not the edgectl identity")}}}};
    json session_answer = {{"description", "{\"csrf\", \"who\"}"},
                           {"content", {{"application/json", {{"schema", json::object()}}}}}};
    paths["/api/v1/session"] = {
        {"post",
         {{"operationId", "session.login"},
          {"summary",
           "Log in to the web UI: {\"token\"} or {\"username\", \"password\"} of the "
           "edgectl identity; sets the session cookie"},
          {"security", json::array()},
          {"responses",
           {{"200", session_answer},
            {"401", error_response("refused")},
            {"429", error_response("too many attempts")}}}}},
        {"get",
         {{"operationId", "session.get"},
          {"summary", "The live session's CSRF token and who it is"},
          {"responses", {{"200", session_answer}, {"401", error_response("not logged in")}}}}},
        {"delete",
         {{"operationId", "session.logout"},
          {"summary", "Log out"},
          {"responses", {{"200", {{"description", "logged out"}}}}}}}};
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "edgeorch hub API"},
              {"version", "1"},
              {"description", "The operations of edgectl over HTTP (docs/api.md)."}}},
            {"paths", paths},
            {"components",
             {{"securitySchemes", {{"token", {{"type", "http"}, {"scheme", "bearer"}}}}},
              {"schemas",
               {{"Error",
                 {{"type", "object"},
                  {"properties", {{"error", {{"type", "string"}}}}},
                  {"required", {"error"}}}}}}}},
            {"security", json::array({{{"token", json::array()}}})}};
}

}  // namespace edge::http
