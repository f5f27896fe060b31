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
