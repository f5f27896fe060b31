#include "security/broker/access_topics.h"

namespace edge {

std::string AccessTopics::join_request_node(const std::string& topic) const {
    return topic_level_between(topic, prefix_ + "/join/", "/request");
}

std::string environment_of_username(const std::string& username) {
    const std::string head = "env:";
    if (username.compare(0, head.size(), head) != 0) return {};
    size_t end = username.find(':', head.size());
    // Environment names never contain ':', so the first one after the head ends it.
    if (end == std::string::npos || end == head.size() || end + 1 == username.size()) return {};
    return username.substr(head.size(), end - head.size());
}

}  // namespace edge
