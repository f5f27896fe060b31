#include "security/access_topics.h"

namespace edge {

std::string AccessTopics::join_request_node(const std::string& topic) const {
    const std::string head = prefix_ + "/join/";
    const std::string tail = "/request";
    if (topic.size() <= head.size() + tail.size()) return {};
    if (topic.compare(0, head.size(), head) != 0) return {};
    if (topic.compare(topic.size() - tail.size(), tail.size(), tail) != 0) return {};
    std::string node = topic.substr(head.size(), topic.size() - head.size() - tail.size());
    return node.find('/') == std::string::npos ? node : std::string();
}

}  // namespace edge
