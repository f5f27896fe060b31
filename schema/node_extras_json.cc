#include "schema/node_extras_json.h"

#include <string>
#include <vector>

namespace edge {

using json = nlohmann::json;

namespace {

constexpr size_t kMaxPolicyPathLength = 256;

json switch_to_json(const PolicySwitch& rule) {
    return {{"allowed", rule.allowed}, {"line", rule.line}};
}

json list_to_json(const PolicyList& rule) {
    return {{"any", rule.any}, {"entries", rule.entries}, {"line", rule.line}};
}

// A bounded list of strings; `paths` requires each to be absolute.
std::vector<std::string> bounded_list(JsonReader& reader, const char* key, size_t max_entries,
                                      bool paths) {
    auto list = reader.optional_string_list(key);
    if (!list) return {};
    if (list->size() > max_entries) {
        reader.fail(key, "at most " + std::to_string(max_entries) + " entries");
        return {};
    }
    for (const auto& entry : *list) {
        if (entry.empty() || entry.size() > kMaxPolicyPathLength || (paths && entry[0] != '/')) {
            reader.fail(key,
                        paths ? "absolute paths of at most 256 bytes" : "names of 1 to 256 bytes");
            return {};
        }
    }
    return *list;
}

PolicySwitch switch_from(JsonReader& parent, const char* key) {
    JsonReader reader = parent.object(key);
    PolicySwitch rule;
    if (!reader.ok()) return rule;
    rule.allowed = reader.boolean("allowed");
    rule.line = static_cast<int>(reader.integer("line", 0, 1000000));
    return rule;
}

PolicyList list_from(JsonReader& parent, const char* key, bool paths) {
    JsonReader reader = parent.object(key);
    PolicyList rule;
    if (!reader.ok()) return rule;
    rule.any = reader.boolean("any");
    rule.entries = bounded_list(reader, "entries", kMaxPolicyEntries, paths);
    rule.line = static_cast<int>(reader.integer("line", 0, 1000000));
    return rule;
}

}  // namespace

void put_node_extras(json& facts, const NodeFacts& node) {
    if (!node.devices.empty()) facts["devices"] = node.devices;
    if (!node.policy) return;
    const NodePolicy& policy = *node.policy;
    facts["policy"] = {{"source", policy.source},
                       {"privileged", switch_to_json(policy.privileged)},
                       {"host_network", switch_to_json(policy.host_network)},
                       {"host_pid", switch_to_json(policy.host_pid)},
                       {"host_ipc", switch_to_json(policy.host_ipc)},
                       {"devices", list_to_json(policy.devices)},
                       {"binds", list_to_json(policy.binds)},
                       {"cap_add", list_to_json(policy.cap_add)},
                       {"protected_paths", policy.protected_paths}};
}

void read_node_extras(JsonReader& reader, NodeFacts& node) {
    node.devices = bounded_list(reader, "devices", kMaxNodeDevices, true);
    if (!reader.has("policy") || !reader.ok()) return;
    JsonReader object = reader.object("policy");
    if (!object.ok()) return;
    NodePolicy policy;
    policy.source = object.string("source", kMaxPolicyPathLength, false);
    policy.privileged = switch_from(object, "privileged");
    policy.host_network = switch_from(object, "host_network");
    policy.host_pid = switch_from(object, "host_pid");
    policy.host_ipc = switch_from(object, "host_ipc");
    policy.devices = list_from(object, "devices", true);
    policy.binds = list_from(object, "binds", true);
    policy.cap_add = list_from(object, "cap_add", false);
    policy.protected_paths = bounded_list(object, "protected_paths", kMaxPolicyEntries, true);
    if (object.ok()) node.policy = std::move(policy);
}

}  // namespace edge
