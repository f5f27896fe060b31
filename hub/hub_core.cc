#include "hub/hub_core.h"

#include <spdlog/spdlog.h>

#include "hub/api/environment_scope.h"
#include "hub/api/log_handlers.h"
#include "hub/api/node_admin.h"
#include "hub/api/request_handlers.h"
#include "hub/api/token_handlers.h"
#include "hub/files/fetch_handler.h"
#include "hub/jobs/job_driver.h"
#include "hub/jobs/job_output_handler.h"
#include "hub/notify/environment_webhooks.h"
#include "hub/state/desired_state.h"
#include "hub/state/liveness.h"
#include "hub/state/node_messages.h"
#include "hub/state/rollouts.h"
#include "security/join_messages.h"

namespace edge {

Result<std::unique_ptr<HubCore>> HubCore::create(std::unique_ptr<Store> store,
                                                 PlacementConfig placement, Topics topics,
                                                 LivenessConfig liveness) {
    auto state = store->load();
    if (!state) return state.error();
    MemoryLearning memory;
    auto skipped = memory.load(*store);
    if (!skipped) return skipped.error();
    for (const auto& why : *skipped) spdlog::warn("memory history dropped: {}", why);
    auto core = std::unique_ptr<HubCore>(
        new HubCore(std::move(store), std::move(*state), placement, std::move(topics), liveness));
    core->memory_ = std::move(memory);
    return core;
}

HubCore::HubCore(std::unique_ptr<Store> store, ClusterState state, PlacementConfig placement,
                 Topics topics, LivenessConfig liveness)
    : store_(std::move(store)),
      state_(std::move(state)),
      placement_(placement),
      topics_(std::move(topics)),
      liveness_(liveness) {}

Outcome HubCore::tick(int64_t now_ms) {
    HandlerContext ctx = context(now_ms);
    Outcome outcome = finish(update_liveness(ctx, liveness_, watching_since_ms_), "liveness check");
    append_outcome(outcome, finish(advance_rollouts(ctx, rollout_up_since_), "rolling update"));
    append_outcome(outcome, finish(drive_jobs(ctx, jobs_), "jobs"));
    append_outcome(outcome, expire_log_sessions({log_sessions_, topics_}, now_ms));
    if (Status saved = memory_.persist(*store_, state_, now_ms); !saved) {
        // Observations only; the next tick tries again.
        spdlog::warn("cannot store memory histories: {}", saved.error().message);
    }
    return outcome;
}

void HubCore::reports_arrived(const std::map<std::string, int64_t>& arrivals) {
    for (const auto& [node, arrived_ms] : arrivals) {
        if (state_.nodes.contains(node)) observed_.arrived(node, arrived_ms);
    }
}

HandlerContext HubCore::context(int64_t now_ms) {
    return HandlerContext{*store_, state_,  observed_, placement_,
                          now_ms,  cipher_, &memory_,  &jobs_};
}

Outcome HubCore::handle_message(const std::string& topic, std::string_view payload,
                                bool has_response_topic, int64_t now_ms) {
    if (topic == topics_.requests()) {
        return on_request(topic, payload, has_response_topic, "", now_ms);
    }
    if (std::string environment = topics_.environment_of_requests(topic); !environment.empty()) {
        return on_request(topic, payload, has_response_topic, environment, now_ms);
    }
    if (std::string node = topics_.node_of_log(topic); !node.empty()) {
        return on_log_batch(node, payload, now_ms);
    }
    if (std::string node = topics_.node_of_fetch(topic); !node.empty()) {
        return on_fetch(node, payload, now_ms);
    }
    if (std::string node = topics_.node_of_job_output(topic); !node.empty()) {
        return on_job_output(node, payload, now_ms);
    }
    auto node_topic = topics_.parse_node_topic(topic);
    if (node_topic && node_topic->kind != NodeTopicKind::kDesired) {
        return on_node_message(*node_topic, payload, now_ms);
    }
    return reject(topic, "not a topic the hub handles", now_ms);
}

Outcome HubCore::on_request(const std::string& topic, std::string_view payload,
                            bool has_response_topic, const std::string& environment,
                            int64_t now_ms) {
    if (!has_response_topic) {
        return reject(topic, "request without an MQTT v5 response topic", now_ms);
    }
    auto request = decode_request(payload);
    if (!request) {
        Outcome outcome = reject(topic, request.error().message, now_ms);
        outcome.response = Response{false, "malformed request: " + request.error().message, {}};
        return outcome;
    }
    if (!environment.empty()) {
        // The broker let only identities granted this environment publish here; the request
        // must stay inside it (hub/api/environment_scope.h).
        if (Status confined = confine_to_environment(environment, *request); !confined) {
            Outcome outcome =
                reject(topic, request->op + " refused: " + confined.error().message, now_ms);
            outcome.response = Response{false, confined.error().message, {}};
            return outcome;
        }
    }
    HandlerContext ctx = context(now_ms);
    Outcome outcome = is_logs_op(request->op)
                          ? handle_logs_request(state_, {log_sessions_, topics_}, *request, now_ms)
                          : handle_request(ctx, *request);
    if (outcome.response && !outcome.response->ok) {
        spdlog::info("request {} failed: {}", request->op, outcome.response->error);
    }
    return outcome;
}

Outcome HubCore::on_node_message(const NodeTopic& topic, std::string_view payload, int64_t now_ms) {
    std::string topic_text = topic.kind == NodeTopicKind::kStatus ? topics_.status(topic.node)
                                                                  : topics_.report(topic.node);
    HandlerContext ctx = context(now_ms);
    Outcome outcome;
    if (topic.kind == NodeTopicKind::kStatus) {
        auto status = decode_status(payload);
        if (!status) return reject(topic_text, status.error().message, now_ms);
        if (status->node != topic.node) {
            return reject(topic_text, "status names node \"" + status->node + "\"", now_ms);
        }
        outcome = finish(handle_status(ctx, *status), "status of " + topic.node);
    } else {
        auto report = decode_report(payload);
        if (!report) return reject(topic_text, report.error().message, now_ms);
        if (report->node != topic.node) {
            return reject(topic_text, "report names node \"" + report->node + "\"", now_ms);
        }
        outcome = finish(handle_report(ctx, observed_, *report), "report of " + topic.node);
    }
    // Judge the node at once, so a will message or a returning node takes effect now rather
    // than at the next tick.
    append_outcome(outcome, finish(update_liveness(ctx, liveness_, watching_since_ms_, topic.node),
                                   "liveness of " + topic.node));
    return outcome;
}

Outcome HubCore::on_log_batch(const std::string& node, std::string_view payload, int64_t now_ms) {
    auto relayed = relay_log_batch({log_sessions_, topics_}, node, payload, now_ms);
    if (!relayed) return reject(topics_.node_log(node), relayed.error().message, now_ms);
    return std::move(*relayed);
}

Outcome HubCore::on_fetch(const std::string& node, std::string_view payload, int64_t now_ms) {
    auto answered = handle_fetch({state_, *store_, topics_, cipher_}, node, payload);
    if (!answered) return reject(topics_.fetch(node), answered.error().message, now_ms);
    return std::move(*answered);
}

Outcome HubCore::on_job_output(const std::string& node, std::string_view payload, int64_t now_ms) {
    if (Status stored = store_job_output(*store_, state_, node, payload, now_ms); !stored) {
        return reject(topics_.job_output(node), stored.error().message, now_ms);
    }
    return Outcome{};
}

Outcome HubCore::finish(Result<Outcome> outcome, const std::string& what) {
    if (outcome) return std::move(*outcome);
    // The store refused the change (disk full, I/O error); memory still matches the store.
    // The agent's next message retries.
    spdlog::error("cannot handle {}: {}", what, outcome.error().message);
    return Outcome{};
}

Outcome HubCore::reject(const std::string& topic, const std::string& why, int64_t now_ms) {
    if (!rejections_.allow(now_ms)) return Outcome{};
    std::string message = "dropped message on " + topic + ": " + why;
    if (int64_t suppressed = rejections_.take_suppressed(); suppressed > 0) {
        message += " (" + std::to_string(suppressed) + " similar messages dropped silently)";
    }
    // The hub logs every committed event; this one at warning level (see Hub).
    return record_event({0, now_ms, "rejected", topic, message}, now_ms);
}

Outcome HubCore::record_event(Event event, int64_t now_ms) {
    HandlerContext ctx = context(now_ms);
    ClusterState unchanged = state_;
    const std::string what = event.kind + " event";
    return finish(commit_state(ctx, std::move(unchanged), {std::move(event)}, false), what);
}

namespace {

// "deploy shop", "node.drain pi-1": the operation and what it named, for the "api" event.
std::string describe_api_change(const Request& request) {
    std::string text = request.op;
    if (!request.args.is_object()) return text;
    for (const char* key : {"stack", "service", "node", "name", "environment"}) {
        auto field = request.args.find(key);
        if (field == request.args.end()) continue;
        if (field->is_string()) text += " " + field->get<std::string>();
        // A deploy carries the whole stack; its name says enough.
        if (field->is_object() && field->value("name", nlohmann::json()).is_string()) {
            text += " " + (*field)["name"].get<std::string>();
        }
    }
    return text;
}

}  // namespace

ApiReply HubCore::handle_api_request(const ApiPrincipal& who, const Request& request,
                                     int64_t now_ms) {
    auto refuse = [](int status, const std::string& why) {
        ApiReply reply{status, {}};
        reply.outcome.response = Response{false, why, {}};
        return reply;
    };
    std::string actor = "user " + who.identity;
    if (!who.is_identity()) {
        auto found = find_api_token(*store_, who.token);
        if (!found) return refuse(500, found.error().message);
        if (!found->has_value()) return refuse(401, "missing or unknown API token");
        const StoredApiToken& token = **found;
        actor = "token " + token.name;
        // A token that could make tokens would outlive its own removal.
        if (is_token_op(request.op)) {
            return refuse(403,
                          "a token cannot manage tokens; log in with the edgectl password "
                          "or use edgectl token");
        }
        if (token.read_only && !is_read_only_op(request.op)) {
            return refuse(403, actor + " is read-only and may not call \"" + request.op + "\"");
        }
        // A join token lets a machine into the cluster: the identity's to grant.
        if (request.op == credential_ops::kNodeAdd) {
            return refuse(403,
                          "only the edgectl identity adds nodes: log in with its password, or "
                          "run edgectl node add");
        }
    }
    HandlerContext ctx = context(now_ms);
    Outcome outcome;
    if (is_logs_op(request.op)) {
        outcome = handle_logs_request(state_, {log_sessions_, topics_}, request, now_ms);
    } else if (request.op == credential_ops::kNodeAdd) {
        outcome = check_node_add(request.args);
    } else {
        outcome = handle_request(ctx, request);
    }
    ApiReply reply{200, std::move(outcome)};
    if (!reply.outcome.response) reply.outcome.response = Response{false, "no answer", {}};
    const Response& response = *reply.outcome.response;
    if (!response.ok) {
        reply.status = response.error.rfind("unknown operation", 0) == 0 ? 404 : 400;
        return reply;
    }
    const bool dry_run =
        request.args.is_object() && request.args.value("dry_run", nlohmann::json(false)) == true;
    if (!is_read_only_op(request.op) && !dry_run) {
        append_outcome(
            reply.outcome,
            record_event({0, now_ms, "api", actor, describe_api_change(request)}, now_ms));
    }
    return reply;
}

DesiredSet HubCore::desired_set(const std::string& node) const {
    return edge::desired_set(state_, node);
}

std::vector<std::string> HubCore::node_names() const {
    std::vector<std::string> names;
    for (const auto& [name, node] : state_.nodes) names.push_back(name);
    return names;
}

Result<std::map<std::string, std::vector<Webhook>>> HubCore::environment_webhooks() {
    return load_environment_webhooks(*store_, cipher_);
}

}  // namespace edge
