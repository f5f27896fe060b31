#include "schema/topics.h"

namespace edge {

std::optional<NodeTopic> Topics::parse_node_topic(const std::string& topic) const {
    std::string node = node_of_any(topic);  // the topic starts "<prefix>/nodes/<node>/"
    if (node.empty()) return std::nullopt;
    const std::string kind = topic.substr((prefix_ + "/nodes/" + node + "/").size());
    if (kind == "desired") return NodeTopic{node, NodeTopicKind::kDesired};
    if (kind == "status") return NodeTopic{node, NodeTopicKind::kStatus};
    if (kind == "report") return NodeTopic{node, NodeTopicKind::kReport};
    return std::nullopt;
}

std::string Topics::node_of_any(const std::string& topic) const {
    const std::string head = prefix_ + "/nodes/";
    if (topic.size() <= head.size() || topic.compare(0, head.size(), head) != 0) return "";
    const size_t slash = topic.find('/', head.size());
    if (slash == std::string::npos || slash == head.size()) return "";
    return topic.substr(head.size(), slash - head.size());
}

std::string Topics::node_of_log(const std::string& topic) const {
    return node_with_tail(topic, "/log");
}

std::string Topics::session_of_logs_relay(const std::string& topic) const {
    return topic_level_between(topic, prefix_ + "/clients/", "/logs");
}

std::string Topics::node_of_fetch(const std::string& topic) const {
    return node_with_tail(topic, "/fetch");
}

std::string Topics::node_of_job_output(const std::string& topic) const {
    return node_with_tail(topic, "/job-output");
}

std::string Topics::environment_of_requests(const std::string& topic) const {
    return topic_level_between(topic, prefix_ + "/hub/env/", "/requests");
}

std::string Topics::node_with_tail(const std::string& topic, const std::string& tail) const {
    return topic_level_between(topic, prefix_ + "/nodes/", tail);
}

std::string topic_level_between(const std::string& topic, const std::string& head,
                                const std::string& tail) {
    if (topic.size() <= head.size() + tail.size()) return "";
    if (topic.compare(0, head.size(), head) != 0) return "";
    if (topic.compare(topic.size() - tail.size(), tail.size(), tail) != 0) return "";
    std::string level = topic.substr(head.size(), topic.size() - head.size() - tail.size());
    if (level.find('/') != std::string::npos) return "";
    return level;
}

}  // namespace edge
