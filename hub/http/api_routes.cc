#include "hub/http/api_routes.h"

#include <sstream>

#include "compose/compose_parser.h"
#include "compose/interpolation/dotenv.h"
#include "compose/shipping/deploy_arguments.h"
#include "core/environments.h"
#include "schema/base64.h"
#include "schema/requests.h"

namespace edge::http {

namespace {

using nlohmann::json;

// What errors in the compose text are named by.
constexpr const char* kComposeFileName = "compose.yaml";

const QueryParam kEnvironment{"environment", ParamType::kString,
                              "the environment (default: every one for listings, `default` "
                              "for changes)"};

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> parts;
    std::stringstream stream(path);
    for (std::string part; std::getline(stream, part, '/');) {
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

bool is_parameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The path's parameters when it matches the route's pattern.
std::optional<std::map<std::string, std::string>> match(const std::string& pattern,
                                                        const std::vector<std::string>& path) {
    std::vector<std::string> wanted = segments(pattern);
    if (wanted.size() != path.size()) return std::nullopt;
    std::map<std::string, std::string> parameters;
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (is_parameter(wanted[i])) {
            parameters[wanted[i].substr(1, wanted[i].size() - 2)] = path[i];
        } else if (wanted[i] != path[i]) {
            return std::nullopt;
        }
    }
    return parameters;
}

// The files sent beside a compose file: {"conf/nginx.conf": BASE64, ...}.
Result<UploadedFiles> uploaded_files(const json& body) {
    std::map<std::string, std::string> files;
    if (auto sent = body.find("files"); sent != body.end()) {
        if (!sent->is_object()) {
            return make_error("body: \"files\": expected an object of paths to base64 contents");
        }
        for (const auto& [path, data] : sent->items()) {
            auto content = data.is_string() ? base64_decode(data.get<std::string>())
                                            : Result<std::string>(make_error("not a string"));
            if (!content) {
                return make_error("body: \"files\": \"" + path + "\": expected base64 content");
            }
            files[path] = std::move(*content);
        }
    }
    return UploadedFiles::create(std::move(files));
}

// A compose file sent as text with what lies beside it, parsed by the parser edgectl uses and
// shipped as edgectl ships it (compose/shipping/deploy_arguments.h), into deploy's arguments.
Result<json> compose_arguments(const json& body) {
    auto text = [&](const char* key) {
        auto field = body.find(key);
        return field != body.end() && field->is_string() ? field->get<std::string>() : "";
    };
    if (text("name").empty()) return make_error("body: \"name\": expected the stack's name");
    if (text("compose").empty()) return make_error("body: \"compose\": expected the compose file");
    compose::ComposeInputs inputs;
    if (auto variables = body.find("variables"); variables != body.end()) {
        if (!variables->is_object()) {
            return make_error("body: \"variables\": expected an object of strings");
        }
        for (const auto& [name, value] : variables->items()) {
            if (!value.is_string()) {
                return make_error("body: \"variables\": expected an object of strings");
            }
            inputs.variables[name] = value.get<std::string>();
        }
    }
    // A .env as edgectl reads the one beside a compose file: the variables given explicitly
    // win, as the shell's do over .env.
    if (auto dotenv = body.find("env"); dotenv != body.end()) {
        if (!dotenv->is_string()) return make_error("body: \"env\": expected a .env file's text");
        std::vector<std::string> warnings;
        auto values =
            compose::parse_dotenv(dotenv->get<std::string>(), ".env", inputs.variables, warnings);
        if (!values) return values.error();
        for (auto& [name, value] : *values) inputs.variables.emplace(name, value);
    }
    auto files = uploaded_files(body);
    if (!files) return files.error();
    inputs.read_file = [&files](const std::string& path) -> Result<std::string> {
        auto resolved = files->resolve(path);
        if (!resolved) return resolved.error();
        return files->read(*resolved);
    };
    auto parsed = parse_compose_text(text("compose"), kComposeFileName, text("name"), inputs);
    if (!parsed) return parsed.error();
    const std::string environment =
        text("environment").empty() ? kDefaultEnvironment : text("environment");
    // A secret taken from the environment takes it from what the client sent: edgectl takes it
    // from its own environment, which the hub does not share.
    const compose::Variables& variables = inputs.variables;
    DeployShipping shipping{{kComposeFileName, "", kDefaultMaxShippedSize, &*files},
                            environment,
                            [&variables](const char* name) -> const char* {
                                auto found = variables.find(name);
                                return found == variables.end() ? nullptr : found->second.c_str();
                            }};
    std::vector<std::string> warnings;
    auto args = deploy_arguments(*parsed, shipping, warnings);
    if (!args) return args.error();
    if (!text("environment").empty()) (*args)["environment"] = text("environment");
    if (body.value("dry_run", json(false)) == true) (*args)["dry_run"] = true;
    return args;
}

Result<json> arguments(const Route& route, const std::map<std::string, std::string>& parameters,
                       const std::map<std::string, std::string>& query, const std::string& body) {
    json args = json::object();
    if (route.body != BodyKind::kNone) {
        json parsed = json::parse(body.empty() ? "{}" : body, nullptr, false);
        if (!parsed.is_object()) return make_error("body: expected a JSON object");
        if (route.body == BodyKind::kCompose) {
            auto deploy = compose_arguments(parsed);
            if (!deploy) return deploy.error();
            args = std::move(*deploy);
        } else {
            args = std::move(parsed);
        }
    }
    for (const auto& param : route.query) {
        auto given = query.find(param.name);
        if (given == query.end()) continue;
        auto value = query_value(param, given->second);
        if (!value) return value.error();
        args[param.name] = std::move(*value);
    }
    for (const auto& [name, value] : parameters) {
        if (name == "stack" && parameters.contains("service")) continue;
        args[name] = value;
    }
    if (parameters.contains("stack") && parameters.contains("service")) {
        args["service"] = parameters.at("stack") + "/" + parameters.at("service");
    }
    return args;
}

}  // namespace

Result<json> query_value(const QueryParam& param, const std::string& text) {
    switch (param.type) {
        case ParamType::kString:
            return json(text);
        case ParamType::kBoolean:
            if (text == "true" || text == "1") return json(true);
            if (text == "false" || text == "0") return json(false);
            return make_error("query parameter " + param.name + ": expected true or false");
        case ParamType::kInteger: {
            size_t used = 0;
            long long value = 0;
            try {
                value = std::stoll(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size()) {
                return make_error("query parameter " + param.name + ": expected an integer");
            }
            return json(value);
        }
    }
    return make_error("query parameter " + param.name + ": unknown type");
}

const std::vector<Route>& api_routes() {
    static const std::vector<Route> kRoutes = {
        {"GET", "/api/v1/nodes", ops::kNodeList, "List the nodes", {}, BodyKind::kNone},
        {"POST",
         "/api/v1/nodes/{node}/drain",
         ops::kNodeDrain,
         "Drain a node: its replicas move elsewhere",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/nodes/{node}/activate",
         ops::kNodeActivate,
         "Let a drained node take replicas again",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/nodes/{node}/labels",
         ops::kNodeLabel,
         "Set and remove labels: {\"set\": {K: V}, \"remove\": [K]}",
         {},
         BodyKind::kArguments},
        {"DELETE",
         "/api/v1/nodes/{node}",
         ops::kNodeRemove,
         "Remove a node",
         {{"force", ParamType::kBoolean, "remove it even while it is up"}},
         BodyKind::kNone},
        {"GET",
         "/api/v1/stacks",
         ops::kStackList,
         "List the stacks",
         {kEnvironment},
         BodyKind::kNone},
        {"POST",
         "/api/v1/stacks",
         ops::kDeploy,
         "Deploy a compose file: {\"name\", \"compose\", \"environment\"?, \"variables\"?, "
         "\"env\"? (a .env file's text), \"files\"? ({PATH: BASE64}: what lies beside it), "
         "\"dry_run\"?}",
         {},
         BodyKind::kCompose},
        {"DELETE",
         "/api/v1/stacks/{stack}",
         ops::kStackRemove,
         "Remove a stack",
         {kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/services",
         ops::kServiceList,
         "List the services",
         {{"stack", ParamType::kString, "only this stack's"}, kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/services/{stack}/{service}/replicas",
         ops::kServicePs,
         "A service's replicas: node, state, memory, pending reasons",
         {kEnvironment},
         BodyKind::kNone},
        {"POST",
         "/api/v1/services/{stack}/{service}/resize",
         ops::kServiceResize,
         "A service's learned memory and the recommended limit; {\"apply\": true} takes it",
         {kEnvironment},
         BodyKind::kArguments},
        {"POST",
         "/api/v1/services/{stack}/{service}/rollback",
         ops::kServiceRollback,
         "Return a service to its previous spec",
         {kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/events",
         ops::kEvents,
         "Events, oldest first",
         {{"since_ms", ParamType::kInteger, "only events at or after this time"},
          {"limit", ParamType::kInteger, "at most this many, the newest"},
          kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/environments",
         ops::kEnvList,
         "List the environments with their stacks and memory",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/environments",
         ops::kEnvCreate,
         "Create an environment: {\"environment\", \"constraints\"?: [\"k==v\"], "
         "\"memory_factor\"?, \"webhooks\"?}",
         {},
         BodyKind::kArguments},
        {"POST",
         "/api/v1/environments/{environment}",
         ops::kEnvSet,
         "Change an environment: {\"memory_factor\"?, \"webhooks\"?}",
         {},
         BodyKind::kArguments},
        {"DELETE",
         "/api/v1/environments/{environment}",
         ops::kEnvRemove,
         "Remove an environment that has no stacks",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/stacks/{stack}/promote",
         ops::kPromote,
         "Promote a stack from one environment to another with the images it runs: "
         "{\"from\", \"to\", \"dry_run\"?, \"images\"?}",
         {},
         BodyKind::kArguments},
        {"GET",
         "/api/v1/secrets",
         ops::kSecretList,
         "List the secrets: name, version, the services using them (never a value)",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/secrets",
         ops::kSecretCreate,
         "Create or replace a secret: {\"name\", \"data\": BASE64}",
         {},
         BodyKind::kArguments},
        {"DELETE",
         "/api/v1/secrets/{name}",
         ops::kSecretRemove,
         "Remove a secret no service uses",
         {},
         BodyKind::kNone},
        {"GET",
         "/api/v1/configs",
         ops::kConfigList,
         "List the configs: name, content hash, the services using them",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/configs",
         ops::kConfigCreate,
         "Create or replace a config: {\"name\", \"data\": BASE64}",
         {},
         BodyKind::kArguments},
        {"DELETE",
         "/api/v1/configs/{name}",
         ops::kConfigRemove,
         "Remove a config no service uses",
         {},
         BodyKind::kNone},
        {"GET",
         "/api/v1/jobs",
         ops::kJobList,
         "List the jobs: schedule, last run, next run, success rate",
         {kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/jobs/{stack}/{service}/runs",
         ops::kJobRuns,
         "A job's kept runs, newest first",
         {kEnvironment},
         BodyKind::kNone},
        {"POST",
         "/api/v1/jobs/{stack}/{service}/run",
         ops::kJobRun,
         "Start a run of a job now",
         {kEnvironment},
         BodyKind::kNone},
        {"POST",
         "/api/v1/jobs/{stack}/{service}/suspend",
         ops::kJobSuspend,
         "Suspend a job's schedule",
         {kEnvironment},
         BodyKind::kNone},
        {"POST",
         "/api/v1/jobs/{stack}/{service}/resume",
         ops::kJobResume,
         "Resume a job's schedule",
         {kEnvironment},
         BodyKind::kNone},
        {"GET",
         "/api/v1/tokens",
         ops::kTokenList,
         "List the API tokens: name, access, created (never a value; edgectl identity only)",
         {},
         BodyKind::kNone},
        {"POST",
         "/api/v1/tokens",
         ops::kTokenCreate,
         "Create an API token: {\"name\", \"read_only\"?}; the answer shows it, once "
         "(edgectl identity only)",
         {},
         BodyKind::kArguments},
        {"DELETE",
         "/api/v1/tokens/{name}",
         ops::kTokenRemove,
         "Remove an API token: it stops working at once (edgectl identity only)",
         {},
         BodyKind::kNone},
        {"GET",
         "/api/v1/runs/{run}/logs",
         ops::kJobLogs,
         "A job run with its kept output (the last 64 KiB)",
         {},
         BodyKind::kNone},
    };
    return kRoutes;
}

std::variant<Routed, RouteError> route_request(const std::string& method, const std::string& path,
                                               const std::map<std::string, std::string>& query,
                                               const std::string& body) {
    std::vector<std::string> parts = segments(path);
    bool path_known = false;
    for (const auto& route : api_routes()) {
        auto parameters = match(route.path, parts);
        if (!parameters) continue;
        path_known = true;
        if (route.method != method) continue;
        auto args = arguments(route, *parameters, query, body);
        if (!args) return RouteError{400, args.error().message};
        return Routed{&route, Request{route.op, std::move(*args)}};
    }
    if (path_known) return RouteError{405, method + " is not allowed on " + path};
    return RouteError{404, "no route " + path + "; see /api/v1/openapi.json"};
}

}  // namespace edge::http
