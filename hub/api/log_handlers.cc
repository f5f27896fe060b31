#include "hub/api/log_handlers.h"

#include <map>
#include <vector>

#include "hub/api/answer.h"
#include "hub/api/query_handlers.h"
#include "hub/api/service_reference.h"
#include "schema/log_messages.h"
#include "schema/requests.h"

namespace edge {

using nlohmann::json;

namespace {

Publication command_to(const LogRouting& routing, const std::string& node,
                       const LogsCommand& command) {
    return {routing.topics.logs_command(node), encode_logs_command(command), 1};
}

// Tells every node of `session` that has not finished to renew or stop.
void send_to_nodes(Outcome& outcome, const LogRouting& routing, const LogSession& session,
                   LogsOp op) {
    LogsCommand command;
    command.op = op;
    command.session = session.id;
    command.lease_ms = session.lease_ms;
    for (const auto& node : session.nodes) {
        if (op != LogsOp::kStop && session.ended.contains(node)) continue;
        outcome.publications.push_back(command_to(routing, node, command));
    }
}

Result<std::string> session_arg(const json& args) {
    auto session = string_arg(args, "session", true);
    if (!session) return session.error();
    if (Status valid = validate_log_session(*session); !valid) return valid.error();
    return session;
}

Outcome open_session(const ClusterState& state, LogRouting routing, const json& args,
                     int64_t now_ms) {
    auto session_id = session_arg(args);
    if (!session_id) return answer(session_id.error());
    auto wanted = string_arg(args, "service", true);
    if (!wanted) return answer(wanted.error());
    auto environment = environment_filter(args);
    if (!environment) return answer(environment.error());
    auto found = resolve_service(state, *wanted, *environment);
    if (!found) return answer(found.error());
    auto tail = integer_arg(args, "tail", -1, kMaxLogTail, -1);
    if (!tail) return answer(tail.error());
    auto since_ms = integer_arg(args, "since_ms", 0, INT64_MAX, 0);
    if (!since_ms) return answer(since_ms.error());
    auto follow = args.find("follow");
    if (follow != args.end() && !follow->is_null() && !follow->is_boolean()) {
        return answer(make_error("argument \"follow\": expected true or false"));
    }
    const auto& [stack, service] = *found;

    std::map<std::string, std::vector<int>> by_node;
    json replicas = json::array();
    for (const auto& replica : state.replicas) {
        if (replica.key.stack != stack || replica.key.service != service) continue;
        if (replica.node.empty()) continue;
        by_node[replica.node].push_back(replica.key.replica);
        replicas.push_back({{"replica", replica.key.replica}, {"node", replica.node}});
    }
    if (by_node.empty()) {
        return answer(make_error("no replica of " + stack + "/" + service +
                                 " is placed on a node; see edgectl service ps"));
    }
    // A node the hub does not hear cannot answer: say so now rather than let edgectl wait.
    json unreachable = json::array();
    std::string unreachable_text;
    for (auto it = by_node.begin(); it != by_node.end();) {
        auto node = state.nodes.find(it->first);
        bool ready = node != state.nodes.end() && node->second.online &&
                     node->second.state == NodeState::kReady;
        if (ready) {
            ++it;
            continue;
        }
        std::string why = node == state.nodes.end() ? "unknown"
                          : !node->second.online    ? "offline"
                                                    : to_string(node->second.state);
        unreachable.push_back({{"node", it->first}, {"state", why}});
        unreachable_text += (unreachable_text.empty() ? "" : ", ") + it->first + " (" + why + ")";
        it = by_node.erase(it);
    }
    if (by_node.empty()) {
        return answer(make_error("no node that runs a replica of " + stack + "/" + service +
                                 " is reachable: " + unreachable_text));
    }

    LogSession session;
    session.id = *session_id;
    session.subject = stack + "/" + service;
    session.follow = follow != args.end() && follow->is_boolean() && follow->get<bool>();
    session.lease_ms = kLogLeaseMs;
    for (const auto& [node, numbers] : by_node) session.nodes.insert(node);
    if (Status opened = routing.sessions.open(session, now_ms); !opened) {
        return answer(opened.error());
    }

    Outcome outcome;
    json nodes = json::array();
    for (const auto& [node, numbers] : by_node) {
        LogsCommand command;
        command.op = LogsOp::kStart;
        command.session = session.id;
        command.stack = stack;
        command.service = service;
        command.replicas = numbers;
        command.tail = *tail;
        command.since_s = *since_ms / 1000;
        command.follow = session.follow;
        command.lease_ms = session.lease_ms;
        outcome.publications.push_back(command_to(routing, node, command));
        nodes.push_back(node);
    }
    outcome.response = answer(json{{"session", session.id},
                                   {"lease_ms", session.lease_ms},
                                   {"stack", stack},
                                   {"service", service},
                                   {"nodes", nodes},
                                   {"unreachable", unreachable},
                                   {"replicas", replicas}})
                           .response;
    return outcome;
}

Outcome renew_session(LogRouting routing, const json& args, int64_t now_ms) {
    auto session_id = session_arg(args);
    if (!session_id) return answer(session_id.error());
    if (!routing.sessions.renew(*session_id, now_ms)) {
        return answer(make_error("no open log session \"" + *session_id + "\" (it expired)"));
    }
    Outcome outcome;
    send_to_nodes(outcome, routing, *routing.sessions.find(*session_id, now_ms), LogsOp::kRenew);
    outcome.response = answer(json{{"session", *session_id}, {"lease_ms", kLogLeaseMs}}).response;
    return outcome;
}

Outcome stop_session(LogRouting routing, const json& args, int64_t now_ms) {
    auto session_id = session_arg(args);
    if (!session_id) return answer(session_id.error());
    Outcome outcome;
    if (auto closed = routing.sessions.close(*session_id, now_ms)) {
        send_to_nodes(outcome, routing, *closed, LogsOp::kStop);
    }
    // Stopping a session that already ended is not an error: the goal is reached.
    outcome.response = answer(json{{"session", *session_id}}).response;
    return outcome;
}

}  // namespace

bool is_logs_op(const std::string& op) {
    return op == ops::kLogs || op == ops::kLogsRenew || op == ops::kLogsStop;
}

Outcome handle_logs_request(const ClusterState& state, LogRouting routing, const Request& request,
                            int64_t now_ms) {
    const json& args = request.args.is_object() ? request.args : json::object();
    if (request.op == ops::kLogs) return open_session(state, routing, args, now_ms);
    if (request.op == ops::kLogsRenew) return renew_session(routing, args, now_ms);
    if (request.op == ops::kLogsStop) return stop_session(routing, args, now_ms);
    return answer(make_error("unknown logs operation \"" + request.op + "\""));
}

Result<Outcome> relay_log_batch(LogRouting routing, const std::string& node,
                                std::string_view payload, int64_t now_ms) {
    auto batch = decode_log_batch(payload);
    if (!batch) return batch.error();
    if (batch->node != node) return make_error("log batch names node \"" + batch->node + "\"");
    LogSession* session = routing.sessions.find(batch->session, now_ms);
    if (session == nullptr) {
        // The last batches of a stopped session are still on their way: expected, not bad.
        if (routing.sessions.recently_closed(batch->session, now_ms)) return Outcome{};
        return make_error("no open log session \"" + batch->session + "\"");
    }
    if (!session->nodes.contains(node)) {
        return make_error("log session \"" + batch->session + "\" did not ask node " + node);
    }
    if (batch->end) session->ended.insert(node);
    Outcome outcome;
    outcome.publications.push_back(
        {routing.topics.logs_relay(batch->session), encode_log_batch(*batch), 0});
    return outcome;
}

Outcome expire_log_sessions(LogRouting routing, int64_t now_ms) {
    Outcome outcome;
    for (const auto& session : routing.sessions.expire(now_ms)) {
        send_to_nodes(outcome, routing, session, LogsOp::kStop);
    }
    return outcome;
}

}  // namespace edge
