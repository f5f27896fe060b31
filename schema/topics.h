// The MQTT topic tree, under a configurable prefix (default "edgeorch"):
//
//   <prefix>/nodes/<node>/desired   hub -> agent, retained, QoS 1: complete DesiredSet + generation
//   <prefix>/nodes/<node>/status    agent -> hub, retained, QoS 1: online + NodeFacts; the will
//                                   message publishes online=false when the connection dies
//   <prefix>/nodes/<node>/report    agent -> hub, QoS 1: NodeReport (observed containers)
//   <prefix>/hub/requests           edgectl -> hub, QoS 1, MQTT v5 response-topic + correlation
//   <prefix>/clients/<id>/response  hub -> edgectl, QoS 1: the response to one request
//   <prefix>/events                 hub -> anyone, QoS 0: Event, for `edgectl events -f`
#pragma once

#include <optional>
#include <string>

namespace edge {

inline constexpr const char* kDefaultTopicPrefix = "edgeorch";

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
    std::string events() const { return prefix_ + "/events"; }

    // Splits "<prefix>/nodes/<node>/<kind>"; nullopt for any other topic.
    std::optional<NodeTopic> parse_node_topic(const std::string& topic) const;

  private:
    std::string node_topic(const std::string& node, const char* kind) const {
        return prefix_ + "/nodes/" + node + "/" + kind;
    }
    std::string prefix_;
};

}  // namespace edge
