#include "compose/fields/networking_fields.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <optional>

#include "core/names.h"

namespace edge::compose {

namespace {

constexpr const char* kPortExample = "a container port such as 3306 or 53/udp";

// The value of key `key` in a service's map, if the service has it.
std::optional<Value> service_key(const Value& service, const std::string& key) {
    auto entries = service.entries();
    if (!entries) return std::nullopt;
    for (const Entry& entry : *entries) {
        if (entry.key == key) return entry.value;
    }
    return std::nullopt;
}

Result<std::string> name_in(const Value& value, const std::string& what) {
    auto text = value.text(what);
    if (!text) return text.error();
    if (Status valid = validate_name("service", *text); !valid) {
        return value.fail(valid.error().message);
    }
    return *text;
}

}  // namespace

Result<std::vector<PortMapping>> parse_expose(const Value& value) {
    auto items = value.items();
    if (!items) return items.error();
    std::vector<PortMapping> ports;
    for (const Value& item : *items) {
        auto text = item.text(kPortExample);
        if (!text) return text.error();
        std::string number = *text;
        std::string protocol = "tcp";
        if (auto slash = number.find('/'); slash != std::string::npos) {
            protocol = number.substr(slash + 1);
            number = number.substr(0, slash);
        }
        int port = 0;
        auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), port);
        bool valid = error == std::errc() && end == number.data() + number.size() && port >= 1 &&
                     port <= 65535 && (protocol == "tcp" || protocol == "udp");
        if (!valid) return item.expected(kPortExample);
        ports.push_back({static_cast<uint16_t>(port), 0, protocol, ""});
    }
    return ports;
}

Result<std::vector<std::string>> parse_depends_on(const Value& value) {
    std::vector<std::string> names;
    if (value.is_list()) {
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto name = name_in(item, "a service name");
            if (!name) return name.error();
            names.push_back(*name);
        }
        return names;
    }
    if (!value.is_map()) return value.expected("a list of service names or a map");
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (Status valid = validate_name("service", entry.key); !valid) {
            return entry.value.fail(valid.error().message);
        }
        names.push_back(entry.key);
        if (entry.value.is_null()) continue;
        auto options = entry.value.entries();
        if (!options) return options.error();
        for (const Entry& option : *options) {
            if (option.key == "condition") {
                auto condition = option.value.text("a condition");
                if (!condition) return condition.error();
                if (*condition != "service_started") {
                    option.value.warn(*condition +
                                      " is not waited for: depends_on only orders first starts "
                                      "on one node");
                }
            } else if (option.key != "required" && option.key != "restart") {
                option.value.warn_unsupported();
            }
        }
    }
    return names;
}

Result<std::vector<std::string>> parse_service_networks(const Value& value) {
    std::vector<std::string> aliases;
    if (value.is_list()) {
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto name = item.text("a network name");
            if (!name) return name.error();
        }
        return aliases;
    }
    if (!value.is_map()) return value.expected("a list of network names or a map");
    auto entries = value.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (entry.value.is_null()) continue;
        auto options = entry.value.entries();
        if (!options) return options.error();
        for (const Entry& option : *options) {
            if (option.key != "aliases") {
                option.value.warn(
                    "not supported, ignored: the stack's network on each node assigns addresses");
                continue;
            }
            auto items = option.value.items();
            if (!items) return items.error();
            for (const Value& item : *items) {
                auto alias = name_in(item, "an alias");
                if (!alias) return alias.error();
                if (std::find(aliases.begin(), aliases.end(), *alias) == aliases.end()) {
                    aliases.push_back(*alias);
                }
            }
        }
    }
    return aliases;
}

Result<std::set<std::string>> parse_network_declarations(const Value& networks) {
    std::set<std::string> names;
    if (networks.is_null()) return names;
    auto entries = networks.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        names.insert(entry.key);
        if (entry.value.is_null()) continue;
        auto options = entry.value.entries();
        if (!options) return options.error();
        for (const Entry& option : *options) {
            if (option.key == "driver") {
                auto driver = option.value.text("a driver name");
                if (!driver) return driver.error();
                if (*driver != "bridge") {
                    option.value.warn(*driver +
                                      " is not used: each node runs the stack on a bridge "
                                      "network, and services on other nodes are reached at "
                                      "their node's address");
                }
            } else if (option.key == "external") {
                option.value.warn(
                    "not supported, ignored: the stack's services join the stack's own network");
            } else if (option.key != "name" && !option.key.starts_with("x-")) {
                option.value.warn_unsupported();
            }
        }
    }
    if (names.size() > 1) {
        networks.warn(
            "services are not isolated from each other: every service of a stack "
            "joins one network per node, whichever of these networks it lists");
    }
    return names;
}

Status check_dependencies(const Value& services, const StackSpec& stack) {
    std::map<std::string, const ServiceSpec*> by_name;
    for (const auto& service : stack.services) by_name[service.name] = &service;
    auto where = [&](const std::string& service) -> Value {
        auto entries = services.entries();
        for (const Entry& entry : *entries) {
            if (entry.key != service) continue;
            auto key = service_key(entry.value, "depends_on");
            return key ? *key : entry.value;
        }
        return services;
    };
    for (const auto& service : stack.services) {
        for (const auto& dependency : service.depends_on) {
            if (by_name.contains(dependency)) continue;
            return where(service.name).fail("\"" + dependency + "\" is not a service of this file");
        }
    }
    // A depth-first search for a cycle; the path is named in the error.
    std::map<std::string, int> state;  // 1: on the current path, 2: done
    std::vector<std::string> path;
    std::function<std::optional<std::string>(const std::string&)> visit =
        [&](const std::string& name) -> std::optional<std::string> {
        if (state[name] == 2) return std::nullopt;
        if (state[name] == 1) {
            auto start = std::find(path.begin(), path.end(), name);
            std::string cycle;
            for (auto it = start; it != path.end(); ++it) cycle += *it + " -> ";
            return cycle + name;
        }
        state[name] = 1;
        path.push_back(name);
        for (const auto& next : by_name[name]->depends_on) {
            if (auto cycle = visit(next)) return cycle;
        }
        path.pop_back();
        state[name] = 2;
        return std::nullopt;
    };
    for (const auto& service : stack.services) {
        if (auto cycle = visit(service.name)) {
            return where(service.name).fail("dependency cycle " + *cycle);
        }
    }
    return ok_status();
}

Status check_service_networks(const Value& services, const std::set<std::string>& declared) {
    auto entries = services.entries();
    if (!entries) return entries.error();
    for (const Entry& service : *entries) {
        auto networks = service_key(service.value, "networks");
        if (!networks) continue;
        std::vector<std::pair<std::string, Value>> listed;
        if (networks->is_list()) {
            auto items = networks->items();
            if (!items) return items.error();
            for (const Value& item : *items) {
                auto name = item.text("a network name");
                if (!name) return name.error();
                listed.emplace_back(*name, item);
            }
        } else if (networks->is_map()) {
            auto named = networks->entries();
            if (!named) return named.error();
            for (const Entry& entry : *named) listed.emplace_back(entry.key, entry.value);
        }
        for (const auto& [name, value] : listed) {
            if (name == "default" || declared.contains(name)) continue;
            return value.fail("network \"" + name +
                              "\" is not declared under the top-level networks:");
        }
    }
    return ok_status();
}

}  // namespace edge::compose
