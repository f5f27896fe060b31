// The HTTP API's routes: paths, query and bodies into the operations edgectl sends, the errors
// a bad request gets, and the OpenAPI document listing exactly the routes served.
#include "hub/http/api_routes.h"

#include <gtest/gtest.h>

#include "hub/http/live_routes.h"
#include "hub/http/openapi.h"
#include "schema/base64.h"
#include "schema/requests.h"

namespace edge::http {
namespace {

using nlohmann::json;

Routed routed(const std::string& method, const std::string& path,
              const std::map<std::string, std::string>& query = {}, const std::string& body = "") {
    auto result = route_request(method, path, query, body);
    if (auto* error = std::get_if<RouteError>(&result)) {
        ADD_FAILURE() << method << " " << path << ": " << error->message;
        return {};
    }
    return std::get<Routed>(result);
}

RouteError refused(const std::string& method, const std::string& path,
                   const std::map<std::string, std::string>& query = {},
                   const std::string& body = "") {
    auto result = route_request(method, path, query, body);
    EXPECT_TRUE(std::holds_alternative<RouteError>(result)) << method << " " << path;
    return std::holds_alternative<RouteError>(result) ? std::get<RouteError>(result) : RouteError{};
}

TEST(ApiRoutes, PathsAndQueriesBecomeTheOperationsArguments) {
    Routed drain = routed("POST", "/api/v1/nodes/pi-1/drain");
    EXPECT_EQ(drain.request.op, ops::kNodeDrain);
    EXPECT_EQ(drain.request.args, (json{{"node", "pi-1"}}));

    Routed replicas =
        routed("GET", "/api/v1/services/shop/web/replicas", {{"environment", "preprod"}});
    EXPECT_EQ(replicas.request.op, ops::kServicePs);
    EXPECT_EQ(replicas.request.args, (json{{"service", "shop/web"}, {"environment", "preprod"}}));

    Routed events = routed("GET", "/api/v1/events", {{"since_ms", "1700"}, {"limit", "20"}});
    EXPECT_EQ(events.request.args, (json{{"since_ms", 1700}, {"limit", 20}}));

    Routed remove = routed("DELETE", "/api/v1/nodes/pi-2", {{"force", "true"}});
    EXPECT_EQ(remove.request.op, ops::kNodeRemove);
    EXPECT_EQ(remove.request.args, (json{{"node", "pi-2"}, {"force", true}}));

    Routed labels = routed("POST", "/api/v1/nodes/pi-1/labels", {}, R"({"set": {"disk": "ssd"}})");
    EXPECT_EQ(labels.request.args, (json{{"set", {{"disk", "ssd"}}}, {"node", "pi-1"}}));
    // Unknown query parameters are not arguments.
    EXPECT_EQ(routed("GET", "/api/v1/nodes", {{"x", "1"}}).request.args, json::object());

    Routed runs = routed("GET", "/api/v1/jobs/nightly/backup/runs");
    EXPECT_EQ(runs.request.op, ops::kJobRuns);
    EXPECT_EQ(runs.request.args, (json{{"service", "nightly/backup"}}));
    EXPECT_EQ(routed("POST", "/api/v1/jobs/nightly/backup/run").request.op, ops::kJobRun);
    Routed logs = routed("GET", "/api/v1/runs/12/logs");
    EXPECT_EQ(logs.request.op, ops::kJobLogs);
    EXPECT_EQ(logs.request.args, (json{{"run", "12"}}));

    Routed secret =
        routed("POST", "/api/v1/secrets", {}, R"({"name": "db_password", "data": "aHVudGVyMg=="})");
    EXPECT_EQ(secret.request.op, ops::kSecretCreate);
    EXPECT_EQ(secret.request.args, (json{{"name", "db_password"}, {"data", "aHVudGVyMg=="}}));
    Routed forget = routed("DELETE", "/api/v1/configs/nginx_conf");
    EXPECT_EQ(forget.request.op, ops::kConfigRemove);
    EXPECT_EQ(forget.request.args, (json{{"name", "nginx_conf"}}));
}

TEST(ApiRoutes, BadRequestsSayWhatIsWrong) {
    RouteError missing = refused("GET", "/api/v1/nothing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.message, "no route /api/v1/nothing; see /api/v1/openapi.json");
    EXPECT_EQ(refused("PUT", "/api/v1/nodes").status, 405);
    RouteError integer = refused("GET", "/api/v1/events", {{"limit", "ten"}});
    EXPECT_EQ(integer.status, 400);
    EXPECT_EQ(integer.message, "query parameter limit: expected an integer");
    EXPECT_EQ(refused("DELETE", "/api/v1/nodes/pi-1", {{"force", "maybe"}}).message,
              "query parameter force: expected true or false");
    EXPECT_EQ(refused("POST", "/api/v1/nodes/pi-1/labels", {}, "[1]").message,
              "body: expected a JSON object");
}

TEST(ApiRoutes, AComposeFileIsParsedAsEdgectlParsesIt) {
    json body = {{"name", "shop"},
                 {"environment", "preprod"},
                 {"variables", {{"TAG", "1.27"}}},
                 {"compose", "services:\n  web:\n    image: nginx:${TAG}\n    mem_limit: 64m\n"}};
    Routed deploy = routed("POST", "/api/v1/stacks", {}, body.dump());
    EXPECT_EQ(deploy.request.op, ops::kDeploy);
    EXPECT_EQ(deploy.request.args["environment"], "preprod");
    auto stack = stack_from_json(deploy.request.args["stack"]);
    ASSERT_TRUE(stack.ok()) << stack.error().message;
    EXPECT_EQ(stack->name, "shop");
    EXPECT_EQ(stack->services.at(0).image, "nginx:1.27");
}

TEST(ApiRoutes, ADotEnvGivesVariablesThatExplicitOnesOverride) {
    json body = {{"name", "shop"},
                 {"env", "# the app's tag\nTAG=1.26\nPORT=\"8080\"\n"},
                 {"variables", {{"TAG", "1.27"}}},
                 {"compose",
                  "services:\n  web:\n    image: nginx:${TAG}\n    environment:\n"
                  "      PORT: ${PORT}\n"}};
    Routed deploy = routed("POST", "/api/v1/stacks", {}, body.dump());
    auto stack = stack_from_json(deploy.request.args["stack"]);
    ASSERT_TRUE(stack.ok()) << stack.error().message;
    EXPECT_EQ(stack->services.at(0).image, "nginx:1.27");
    EXPECT_EQ(stack->services.at(0).environment.at("PORT"), "8080");
    body["env"] = "TAG='unterminated\n";
    auto refused = route_request("POST", "/api/v1/stacks", {}, body.dump());
    ASSERT_TRUE(std::holds_alternative<RouteError>(refused));
    EXPECT_NE(std::get<RouteError>(refused).message.find(".env:"), std::string::npos)
        << std::get<RouteError>(refused).message;
}

TEST(ApiRoutes, ComposeErrorsComeWithFileLineAndKey) {
    json body = {{"name", "shop"},
                 {"compose",
                  "services:\n  web:\n    image: nginx\n    mem_limit: lots\n"
                  "    restart: sometimes\n"}};
    RouteError error = refused("POST", "/api/v1/stacks", {}, body.dump());
    EXPECT_EQ(error.status, 400);
    EXPECT_NE(error.message.find("compose.yaml:4"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("compose.yaml:5"), std::string::npos) << error.message;
    EXPECT_EQ(refused("POST", "/api/v1/stacks", {}, R"({"compose": "services: {}"})").message,
              "body: \"name\": expected the stack's name");
    json secret = {{"name", "shop"},
                   {"compose",
                    "services:\n  web:\n    image: nginx\n    secrets: [token]\n"
                    "secrets:\n  token:\n    file: ./token.txt\n"}};
    EXPECT_NE(refused("POST", "/api/v1/stacks", {}, secret.dump())
                  .message.find("compose.yaml: secrets.token: token.txt was not uploaded"),
              std::string::npos)
        << refused("POST", "/api/v1/stacks", {}, secret.dump()).message;
}

TEST(ApiRoutes, FilesBesideTheComposeTextShipAsEdgectlShipsThem) {
    json body = {{"name", "shop"},
                 {"environment", "preprod"},
                 {"variables", {{"API_KEY", "from-the-client"}}},
                 {"files",
                  {{"token.txt", base64_encode("s3cret")},
                   {"app.env", base64_encode("MODE=fast\n")},
                   {"conf/site.conf", base64_encode("listen 80;")}}},
                 {"compose",
                  "services:\n  web:\n    image: nginx\n    env_file: app.env\n"
                  "    secrets: [token, key]\n    volumes: [./conf:/etc/site, ./data:/data]\n"
                  "secrets:\n  token:\n    file: ./token.txt\n  key:\n    environment: API_KEY\n"}};
    Routed deploy = routed("POST", "/api/v1/stacks", {}, body.dump());
    const json& args = deploy.request.args;
    auto stack = stack_from_json(args["stack"]);
    ASSERT_TRUE(stack.ok()) << stack.error().message;
    const ServiceSpec& web = stack->services.at(0);
    EXPECT_EQ(web.environment.at("MODE"), "fast");
    EXPECT_EQ(web.volumes.at(0).origin, VolumeMount::Origin::kShippedDirectory);
    EXPECT_EQ(web.volumes.at(1).origin, VolumeMount::Origin::kNodeData);
    // Named for the stack in its environment, as edgectl names them.
    ASSERT_EQ(args["secrets"].size(), 2u);
    std::map<std::string, std::string> secrets;
    for (const auto& secret : args["secrets"]) {
        secrets[secret["name"]] = *base64_decode(secret["data"].get<std::string>());
    }
    EXPECT_EQ(secrets.at(web.secrets.at(0).name), "s3cret");
    EXPECT_EQ(secrets.at(web.secrets.at(1).name), "from-the-client");
    EXPECT_NE(web.secrets.at(0).name.find("preprod"), std::string::npos) << web.secrets.at(0).name;
    EXPECT_EQ(args["files"].size(), 2u);  // the shipped file and its directory's manifest

    body["files"] = {{"../escape", base64_encode("x")}};
    EXPECT_NE(
        refused("POST", "/api/v1/stacks", {}, body.dump()).message.find("files: \"../escape\""),
        std::string::npos);
    body["files"] = {{"token.txt", "not base64!"}};
    EXPECT_NE(refused("POST", "/api/v1/stacks", {}, body.dump()).message.find("expected base64"),
              std::string::npos);
}

TEST(ApiRoutes, ALogStreamNamesOneService) {
    EXPECT_EQ(log_stream_service("/api/v1/services/shop/web/logs"), "shop/web");
    EXPECT_EQ(log_stream_service("/api/v1/services/shop/logs"), std::nullopt);
    EXPECT_EQ(log_stream_service("/api/v1/services//web/logs"), std::nullopt);
    EXPECT_EQ(log_stream_service("/api/v1/services/shop/web/x/logs"), std::nullopt);
    EXPECT_EQ(log_stream_service("/api/v1/services/shop/web/replicas"), std::nullopt);
}

TEST(ApiRoutes, TokenRoutesReachTheTokenOperations) {
    auto created =
        route_request("POST", "/api/v1/tokens", {}, R"({"name": "ha", "read_only": true})");
    ASSERT_TRUE(std::holds_alternative<Routed>(created));
    EXPECT_EQ(std::get<Routed>(created).request.op, "token.create");
    EXPECT_EQ(std::get<Routed>(created).request.args["read_only"], true);
    auto removed = route_request("DELETE", "/api/v1/tokens/ha", {}, "");
    ASSERT_TRUE(std::holds_alternative<Routed>(removed));
    EXPECT_EQ(std::get<Routed>(removed).request.args["name"], "ha");
}

TEST(OpenApi, TheDocumentListsEveryRouteAndNothingElse) {
    json document = openapi_document();
    EXPECT_EQ(document["openapi"], "3.0.3");
    size_t operations = 0;
    for (const auto& [path, methods] : document["paths"].items()) {
        for (const auto& [method, operation] : methods.items()) {
            // Served beside the table (api_server.cc), each by its own handler.
            const std::string id = operation["operationId"];
            if (id == "events.stream" || id == "session.login" || id == "session.get" ||
                id == "session.logout" || id == "node.add") {
                continue;
            }
            if (id == "logs.stream") {
                EXPECT_EQ(log_stream_service("/api/v1/services/shop/web/logs"), "shop/web");
                continue;
            }
            ++operations;
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(c));
            // Each documented operation routes, with its path parameters filled in.
            std::string concrete = path;
            for (size_t open; (open = concrete.find('{')) != std::string::npos;) {
                concrete.replace(open, concrete.find('}', open) - open + 1, "x");
            }
            std::string body =
                operation.contains("requestBody") && operation["requestBody"]["required"] == true
                    ? R"({"name": "x", "compose": "services:\n  a:\n    image: b\n"})"
                    : "";
            auto result = route_request(upper, concrete, {}, body);
            ASSERT_TRUE(std::holds_alternative<Routed>(result)) << upper << " " << concrete;
            EXPECT_EQ(std::get<Routed>(result).request.op, operation["operationId"]);
        }
    }
    EXPECT_EQ(operations, api_routes().size());
}

}  // namespace
}  // namespace edge::http
