// The MQTT topic tree, under a configurable prefix (default "edgeorch"):
//
//   <prefix>/nodes/<node>/desired   hub -> agent, retained, QoS 1: complete DesiredSet + generation
//   <prefix>/nodes/<node>/status    agent -> hub, retained, QoS 1: online + NodeFacts; the will
//                                   message publishes online=false when the connection dies
//   <prefix>/nodes/<node>/report    agent -> hub, QoS 1: NodeReport (observed containers)
//   <prefix>/hub/requests           edgectl -> hub, QoS 1, MQTT v5 response-topic + correlation
//   <prefix>/clients/<id>/response  hub -> edgectl, QoS 1: the response to one request
// An identity limited to one environment (docs/environments.md, "Access") asks on that
// environment's own topic, which the broker lets it write, and reads answers under its own name:
//   <prefix>/hub/env/<env>/requests          edgectl -> hub: requests confined to <env>
//   <prefix>/clients/<identity>/<id>/response hub -> edgectl: their answers
//   <prefix>/events                 hub -> anyone, QoS 0: Event, for `edgectl events -f`
//
// `edgectl logs` (schema/log_messages.h), on demand only: nothing flows while nobody watches.
//   <prefix>/hub/requests           edgectl -> hub: op "logs" opens a session with a random id
//                                   and a lease; "logs.renew" and "logs.stop" keep or end it
//   <prefix>/nodes/<node>/logs      hub -> agent, QoS 1: LogsCommand start | renew | stop; only
//                                   the hub may write it and only that node may read it
//   <prefix>/nodes/<node>/log       agent -> hub, QoS 0: LogBatch; each node may write only its
//                                   own, so the hub takes the node name from the topic
//   <prefix>/clients/<session>/logs hub -> edgectl, QoS 0: the batches of that session's nodes,
//                                   relayed only while the session's lease is live
// Shipped files, configs and secrets (docs/compose-files.md), fetched by the agent on demand:
//   <prefix>/nodes/<node>/fetch     agent -> hub, QoS 1: FetchRequest; each node may write only
//                                   its own, so the hub takes the node's identity from the topic
//   <prefix>/nodes/<node>/fetched   hub -> agent, QoS 1, never retained: FetchResponse; only
//                                   that node may read it. The hub answers only for content
//                                   the node's desired set references.
// Jobs (docs/jobs.md):
//   <prefix>/nodes/<node>/job-output agent -> hub, QoS 1: JobOutput, the exit and the last
//                                   64 KiB of output of a job's container that exited; each node
//                                   may write only its own
// Agents never publish to clients: the hub checks every batch against its open sessions
// (session known, node asked) before relaying it.
#pragma once

#include <optional>
#include <string>

namespace edge {

inline constexpr const char* kDefaultTopicPrefix = "edgeorch";

// The one topic level between `head` and `tail` ("pi-1" of "p/nodes/pi-1/log" between "p/nodes/"
// and "/log"); empty when `topic` has another shape or that level is empty.
std::string topic_level_between(const std::string& topic, const std::string& head,
                                const std::string& tail);

enum class NodeTopicKind { kDesired, kStatus, kReport };

struct NodeTopic {
    std::string node;
    NodeTopicKind kind;
};

class Topics {
  public:
    explicit Topics(std::string prefix = kDefaultTopicPrefix) : prefix_(std::move(prefix)) {}

    std::string desired(const std::string& node) const { return node_topic(node, "desired"); }
    std::string status(const std::string& node) const { return node_topic(node, "status"); }
    std::string report(const std::string& node) const { return node_topic(node, "report"); }
    std::string all_status() const { return prefix_ + "/nodes/+/status"; }
    std::string all_reports() const { return prefix_ + "/nodes/+/report"; }
    std::string requests() const { return prefix_ + "/hub/requests"; }
    std::string response(const std::string& client_id) const {
        return prefix_ + "/clients/" + client_id + "/response";
    }
    std::string environment_requests(const std::string& environment) const {
        return prefix_ + "/hub/env/" + environment + "/requests";
    }
    std::string all_environment_requests() const { return prefix_ + "/hub/env/+/requests"; }
    // The environment of "<prefix>/hub/env/<env>/requests"; empty for any other topic.
    std::string environment_of_requests(const std::string& topic) const;
    // Where an identity limited to an environment reads its answers: under its own name, so
    // the broker can let it read only those.
    std::string scoped_response(const std::string& identity, const std::string& client_id) const {
        return prefix_ + "/clients/" + identity + "/" + client_id + "/response";
    }
    std::string events() const { return prefix_ + "/events"; }
    std::string logs_command(const std::string& node) const { return node_topic(node, "logs"); }
    std::string node_log(const std::string& node) const { return node_topic(node, "log"); }
    std::string all_node_logs() const { return prefix_ + "/nodes/+/log"; }
    std::string logs_relay(const std::string& session) const {
        return prefix_ + "/clients/" + session + "/logs";
    }
    // The session of "<prefix>/clients/<session>/logs"; empty for any other topic.
    std::string session_of_logs_relay(const std::string& topic) const;
    // The node of "<prefix>/nodes/<node>/log"; empty for any other topic.
    std::string node_of_log(const std::string& topic) const;
    std::string fetch(const std::string& node) const { return node_topic(node, "fetch"); }
    std::string fetched(const std::string& node) const { return node_topic(node, "fetched"); }
    std::string all_fetches() const { return prefix_ + "/nodes/+/fetch"; }
    // The node of "<prefix>/nodes/<node>/fetch"; empty for any other topic.
    std::string node_of_fetch(const std::string& topic) const;

    std::string job_output(const std::string& node) const { return node_topic(node, "job-output"); }
    std::string all_job_outputs() const { return prefix_ + "/nodes/+/job-output"; }
    // The node of "<prefix>/nodes/<node>/job-output"; empty for any other topic.
    std::string node_of_job_output(const std::string& topic) const;

    // The node of any "<prefix>/nodes/<node>/<tail>" topic; empty for any other topic.
    std::string node_of_any(const std::string& topic) const;
    // Splits "<prefix>/nodes/<node>/<kind>"; nullopt for any other topic.
    std::optional<NodeTopic> parse_node_topic(const std::string& topic) const;

  private:
    std::string node_with_tail(const std::string& topic, const std::string& tail) const;
    std::string node_topic(const std::string& node, const char* kind) const {
        return prefix_ + "/nodes/" + node + "/" + kind;
    }
    std::string prefix_;
};

}  // namespace edge
