#include "hub/api/environment_scope.h"

#include <set>

#include "core/environments.h"
#include "schema/requests.h"

namespace edge {

namespace {

using nlohmann::json;

bool is_scoped_op(const std::string& op) {
    static const std::set<std::string> kOps = {
        ops::kDeploy,    ops::kStackList,       ops::kStackRemove,   ops::kServiceList,
        ops::kServicePs, ops::kServiceRollback, ops::kServiceResize, ops::kEvents,
        ops::kPromote,   ops::kJobList,         ops::kJobRuns,       ops::kJobLogs,
        ops::kJobRun,    ops::kJobSuspend,      ops::kJobResume};
    return kOps.contains(op);
}

Status refuse(const std::string& environment, const std::string& what) {
    return make_error("this identity may act only in environment " + environment + ": " + what);
}

// Fills in `key` when absent; refuses another environment.
Status confine_argument(const std::string& environment, json& args, const char* key) {
    auto field = args.find(key);
    if (field == args.end() || (field->is_string() && field->get<std::string>().empty())) {
        args[key] = environment;
        return ok_status();
    }
    if (!field->is_string() || field->get<std::string>() != environment) {
        return refuse(environment, std::string("\"") + key + "\" names " + field->dump());
    }
    return ok_status();
}

// Every secret the stack uses must be one it ships, named for the stack in this environment.
Status confine_secrets(const std::string& environment, const json& args) {
    auto stack = stack_from_json(args.contains("stack") ? args["stack"] : json());
    // A malformed stack is the deploy handler's to describe.
    if (!stack) return ok_status();
    const std::string prefix = stack_file_prefix(environment, stack->name);
    std::set<std::string> shipped;
    auto sent = args.find("secrets");
    if (sent != args.end() && sent->is_array()) {
        for (const auto& item : *sent) {
            std::string name = item.is_object() ? item.value("name", "") : "";
            if (name.rfind(prefix, 0) != 0) {
                return refuse(environment, "it may not store the secret \"" + name +
                                               "\"; the secrets of stack " + stack->name +
                                               " there are named " + prefix + "KEY");
            }
            shipped.insert(name);
        }
    }
    for (const auto& service : stack->services) {
        for (const auto& secret : service.secrets) {
            if (!shipped.contains(secret.name)) {
                return refuse(environment, "service " + service.name + " uses the secret \"" +
                                               secret.name +
                                               "\", which the deploy does not bring; define it "
                                               "in the compose file (file: or environment:)");
            }
        }
    }
    return ok_status();
}

}  // namespace

Status confine_to_environment(const std::string& environment, Request& request) {
    if (!is_scoped_op(request.op)) {
        return refuse(environment, "\"" + request.op + "\" needs the cluster-wide identity");
    }
    if (!request.args.is_object()) request.args = json::object();
    request.args[kConfinedArgument] = environment;
    if (request.op == ops::kPromote) return confine_argument(environment, request.args, "to");
    if (Status confined = confine_argument(environment, request.args, "environment"); !confined) {
        return confined;
    }
    if (request.op == ops::kDeploy) return confine_secrets(environment, request.args);
    return ok_status();
}

}  // namespace edge
