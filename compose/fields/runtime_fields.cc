#include "compose/fields/runtime_fields.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "compose/fields/runtime_values.h"
#include "core/memory/memsize.h"
#include "core/names.h"
#include "core/reconcile/health.h"

namespace edge::compose {

namespace {

using Parser = std::function<Status(const Value&, ServiceSpec&, RuntimeDeclarations&)>;

Status set_bool(const Value& value, bool& field) {
    auto flag = value.boolean();
    if (!flag) return flag.error();
    field = *flag;
    return ok_status();
}

Status set_text(const Value& value, std::string& field, const std::string& what) {
    auto text = value.text(what);
    if (!text) return text.error();
    if (text->empty()) return value.expected(what);
    field = *text;
    return ok_status();
}

bool is_capability(const std::string& name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

Status parse_capabilities(const Value& value, std::vector<std::string>& list) {
    const char* const what = "a capability such as NET_ADMIN, CAP_SYS_TIME or ALL";
    auto items = string_list(value, what);
    if (!items) return items.error();
    for (size_t i = 0; i < items->size(); ++i) {
        if (!is_capability((*items)[i])) return (*value.items())[i].expected(what);
    }
    list = *items;
    return ok_status();
}

Status parse_security_opt(const Value& value, std::vector<std::string>& list) {
    auto items = string_list(value, "an option such as no-new-privileges:true");
    if (!items) return items.error();
    for (size_t i = 0; i < items->size(); ++i) {
        const std::string& option = (*items)[i];
        bool seccomp = option.starts_with("seccomp=") || option.starts_with("seccomp:");
        if (seccomp && option.substr(8) != "unconfined") {
            // The docker CLI reads the profile file and sends its content; a node has no
            // copy of a file beside the Compose file.
            return (*value.items())[i].fail(
                "a seccomp profile file is not supported: the engine needs the profile's "
                "content, which nodes do not have; use seccomp=unconfined or leave it out for "
                "the engine's default profile");
        }
    }
    list = *items;
    return ok_status();
}

bool is_sysctl_name(const std::string& name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
               c == '/';
    });
}

Status parse_sysctls(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto pairs = key_values(value, '=', "a sysctl such as net.ipv4.ip_forward=1");
    if (!pairs) return pairs.error();
    for (const auto& [name, setting, at] : *pairs) {
        if (!is_sysctl_name(name)) return at.fail("\"" + name + "\" is not a sysctl name");
        if (!setting) return at.fail("sysctl \"" + name + "\" has no value");
        spec.runtime.sysctls[name] = *setting;
    }
    return ok_status();
}

const std::set<std::string>& ulimit_names() {
    static const std::set<std::string> names = {
        "core",   "cpu",   "data", "fsize",  "locks",  "memlock",    "msgqueue", "nice",
        "nofile", "nproc", "rss",  "rtprio", "rttime", "sigpending", "stack"};
    return names;
}

Status parse_ulimits(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    constexpr int64_t kMax = int64_t{1} << 62;
    for (const Entry& entry : *entries) {
        if (!ulimit_names().contains(entry.key)) {
            return entry.value.fail("unknown ulimit \"" + entry.key +
                                    "\"; expected one of core, cpu, data, fsize, locks, memlock, "
                                    "msgqueue, nice, nofile, nproc, rss, rtprio, rttime, "
                                    "sigpending, stack");
        }
        Ulimit limit{entry.key, 0, 0};
        if (entry.value.is_map()) {
            std::optional<int64_t> soft;
            std::optional<int64_t> hard;
            auto fields = entry.value.entries();
            if (!fields) return fields.error();
            for (const Entry& field : *fields) {
                if (field.key != "soft" && field.key != "hard") {
                    return field.value.fail("unknown key; expected soft or hard");
                }
                auto number = field.value.integer(-1, kMax);
                if (!number) return number.error();
                (field.key == "soft" ? soft : hard) = *number;
            }
            if (!soft) return entry.value.missing("soft", "a ulimit map needs soft and hard");
            if (!hard) return entry.value.missing("hard", "a ulimit map needs soft and hard");
            if (*hard != -1 && (*soft == -1 || *soft > *hard)) {
                return entry.value.fail("soft limit " + std::to_string(*soft) +
                                        " is above the hard limit " + std::to_string(*hard));
            }
            limit.soft = *soft;
            limit.hard = *hard;
        } else {
            auto number = entry.value.integer(-1, kMax);
            if (!number) return number.error();
            limit.soft = limit.hard = *number;
        }
        spec.runtime.ulimits.push_back(limit);
    }
    return ok_status();
}

Status parse_shm_size(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto text = value.text("a size such as 256m");
    if (!text) return text.error();
    auto bytes = parse_memory_size(*text);
    if (!bytes) return value.fail(bytes.error().message);
    if (*bytes <= 0) return value.expected("a size above 0 such as 256m");
    spec.runtime.shm_size = *bytes;
    return ok_status();
}

Status parse_network_mode(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    const char* const what = "bridge, host, none or service:NAME";
    auto mode = value.text(what);
    if (!mode) return mode.error();
    if (*mode == "bridge" || *mode == "default") {
        spec.runtime.network_mode.clear();  // the stack's network, as every service gets
    } else if (*mode == "host" || *mode == "none") {
        spec.runtime.network_mode = *mode;
    } else if (mode->starts_with("service:")) {
        std::string name = mode->substr(8);
        if (Status valid = validate_name("service", name); !valid) {
            return value.fail(valid.error().message);
        }
        spec.runtime.network_mode = *mode;
    } else if (mode->starts_with("container:")) {
        return value.fail(
            "container:NAME is not supported: a container outside the stack is not managed by "
            "edgeorch and may not run on the node the replica is placed on; run it as a service "
            "of this stack and use service:NAME");
    } else {
        return value.expected(what);
    }
    return ok_status();
}

// pid and ipc: what one node can share. Sharing with another container is refused, as for
// network_mode, since only the node knows which containers it runs.
Status parse_namespace(const Value& value, std::string& field, const std::set<std::string>& modes,
                       const std::string& what) {
    auto mode = value.text(what);
    if (!mode) return mode.error();
    if (mode->starts_with("service:") || mode->starts_with("container:")) {
        return value.fail("sharing another container's namespace is not supported; expected " +
                          what);
    }
    if (!modes.contains(*mode)) return value.expected(what);
    field = *mode;
    return ok_status();
}

Status parse_hostname(const Value& value, std::string& field, const std::string& what) {
    if (Status status = set_text(value, field, what); !status) return status;
    bool valid = field.size() <= 253 && std::all_of(field.begin(), field.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
                 });
    if (!valid) return value.expected(what);
    return ok_status();
}

bool is_address(const std::string& text) {
    unsigned char buffer[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

Status parse_extra_hosts(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    // "name:ip" splits on the first ':' so that IPv6 addresses stay whole; "name=ip" also.
    auto pairs = key_values(value, '=', "a host such as nas.lan:192.168.1.10", ':');
    if (!pairs) return pairs.error();
    for (auto& [name, address, at] : *pairs) {
        std::string ip = address.value_or("");
        if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
            ip = ip.substr(1, ip.size() - 2);
        // host-gateway is the engine's name for the host's own address.
        if (ip != "host-gateway" && !is_address(ip)) {
            return at.fail("\"" + ip + "\" is not an IP address (or host-gateway) for host \"" +
                           name + "\"");
        }
        if (name.empty()) return at.expected("a host such as nas.lan:192.168.1.10");
        spec.runtime.extra_hosts.push_back({name, ip});
    }
    return ok_status();
}

Status parse_dns(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto servers = string_or_list(value, "an IP address such as 1.1.1.1");
    if (!servers) return servers.error();
    for (const std::string& server : *servers) {
        if (!is_address(server)) return value.fail("\"" + server + "\" is not an IP address");
    }
    spec.runtime.dns = *servers;
    return ok_status();
}

Status parse_stop_grace_period(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto ms = value.duration("a duration such as 1m30s");
    if (!ms) return ms.error();
    spec.runtime.stop_grace_period_ms = *ms;
    return ok_status();
}

Status parse_labels(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto pairs = key_values(value, '=', "a label such as com.example.role=web");
    if (!pairs) return pairs.error();
    for (const auto& [name, text, at] : *pairs) {
        if (name.empty()) return at.expected("a label such as com.example.role=web");
        if (name.starts_with("edgeorch.")) {
            at.warn("label \"" + name + "\" is edgeorch's own; the container gets edgeorch's");
        }
        spec.runtime.labels[name] = text.value_or("");
    }
    return ok_status();
}

Status parse_logging(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    LogSettings settings;
    for (const Entry& entry : *entries) {
        if (entry.key == "driver") {
            if (Status status = set_text(entry.value, settings.driver, "a log driver name");
                !status) {
                return status;
            }
        } else if (entry.key == "options") {
            if (entry.value.is_null()) continue;
            auto options = key_values(entry.value, '=', "a map of log options");
            if (!options) return options.error();
            for (const auto& [name, text, at] : *options)
                settings.options[name] = text.value_or("");
        } else {
            return entry.value.fail("unknown key; expected driver or options");
        }
    }
    spec.runtime.logging = settings;
    return ok_status();
}

Status parse_tmpfs(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto items = string_or_list(value, "a path such as /run or /run:size=64m");
    if (!items) return items.error();
    for (const std::string& item : *items) {
        auto mount = parse_tmpfs_text(value, item);
        if (!mount) return mount.error();
        spec.volumes.push_back(*mount);
    }
    return ok_status();
}

Status parse_platform(const Value& value, ServiceSpec&, RuntimeDeclarations& declared) {
    auto text = value.text("a platform such as linux/arm64");
    if (!text) return text.error();
    auto arch = platform_arch(*text);
    if (!arch) {
        return value.fail("unknown platform \"" + *text +
                          "\"; expected linux/amd64, linux/arm64 or linux/arm/v7 (or v6)");
    }
    declared.platform = Constraint{"node.platform.arch", true, *arch};
    return ok_status();
}

Status parse_container_name(const Value& value, ServiceSpec&, RuntimeDeclarations& declared) {
    auto text = value.text("a container name");
    if (!text) return text.error();
    std::string alias = *text;
    std::transform(alias.begin(), alias.end(), alias.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (Status valid = validate_name("container_name", alias); !valid) {
        return value.fail(valid.error().message);
    }
    declared.container_name = alias;
    declared.container_name_at = value;
    return ok_status();
}

Status parse_links(const Value& value, ServiceSpec&, RuntimeDeclarations&) {
    // Checked here for form; check_runtime_references resolves the names.
    auto links = parse_link_items(value);
    if (!links) return links.error();
    return ok_status();
}

Status parse_devices(const Value& value, ServiceSpec& spec, RuntimeDeclarations&) {
    auto items = value.items();
    if (!items) return items.error();
    for (const Value& item : *items) {
        auto device = parse_device(item);
        if (!device) return device.error();
        spec.runtime.devices.push_back(*device);
    }
    return ok_status();
}

const std::map<std::string, Parser>& parsers() {
    using R = RuntimeDeclarations;
    using S = ServiceSpec;
    static const std::map<std::string, Parser> table = {
        {"privileged", [](const Value& v, S& s, R&) { return set_bool(v, s.runtime.privileged); }},
        {"cap_add",
         [](const Value& v, S& s, R&) { return parse_capabilities(v, s.runtime.cap_add); }},
        {"cap_drop",
         [](const Value& v, S& s, R&) { return parse_capabilities(v, s.runtime.cap_drop); }},
        {"security_opt",
         [](const Value& v, S& s, R&) { return parse_security_opt(v, s.runtime.security_opt); }},
        {"sysctls", parse_sysctls},
        {"ulimits", parse_ulimits},
        {"shm_size", parse_shm_size},
        {"devices", parse_devices},
        {"network_mode", parse_network_mode},
        {"user", [](const Value& v, S& s,
                    R&) { return set_text(v, s.runtime.user, "a user such as 1000:1000"); }},
        {"working_dir",
         [](const Value& v, S& s, R&) -> Status {
             if (Status st = set_text(v, s.runtime.working_dir, "an absolute path"); !st) return st;
             if (s.runtime.working_dir.front() != '/') return v.expected("an absolute path");
             return ok_status();
         }},
        {"hostname",
         [](const Value& v, S& s, R&) {
             return parse_hostname(v, s.runtime.hostname, "a host name such as nas");
         }},
        {"domainname",
         [](const Value& v, S& s, R&) {
             return parse_hostname(v, s.runtime.domainname, "a domain name such as home.lan");
         }},
        {"extra_hosts", parse_extra_hosts},
        {"dns", parse_dns},
        {"dns_search",
         [](const Value& v, S& s, R&) -> Status {
             auto list = string_or_list(v, "a domain such as home.lan");
             if (!list) return list.error();
             s.runtime.dns_search = *list;
             return ok_status();
         }},
        {"init",
         [](const Value& v, S& s, R&) -> Status {
             bool init = false;
             if (Status st = set_bool(v, init); !st) return st;
             s.runtime.init = init;
             return ok_status();
         }},
        {"stop_signal",
         [](const Value& v, S& s, R&) {
             return set_text(v, s.runtime.stop_signal, "a signal such as SIGINT");
         }},
        {"stop_grace_period", parse_stop_grace_period},
        {"read_only", [](const Value& v, S& s, R&) { return set_bool(v, s.runtime.read_only); }},
        {"group_add",
         [](const Value& v, S& s, R&) -> Status {
             auto list = string_list(v, "a group name or id");
             if (!list) return list.error();
             s.runtime.group_add = *list;
             return ok_status();
         }},
        {"labels", parse_labels},
        {"tty", [](const Value& v, S& s, R&) { return set_bool(v, s.runtime.tty); }},
        {"stdin_open", [](const Value& v, S& s, R&) { return set_bool(v, s.runtime.stdin_open); }},
        {"pid", [](const Value& v, S& s,
                   R&) { return parse_namespace(v, s.runtime.pid, {"host"}, "host"); }},
        {"ipc",
         [](const Value& v, S& s, R&) {
             return parse_namespace(v, s.runtime.ipc, {"host", "private", "shareable", "none"},
                                    "host, private, shareable or none");
         }},
        {"logging", parse_logging},
        {"tmpfs", parse_tmpfs},
        {"platform", parse_platform},
        {"links", parse_links},
        {"container_name", parse_container_name},
    };
    return table;
}

std::optional<Value> key_of(const Value& service, const std::string& key) {
    auto entries = service.entries();
    if (!entries) return std::nullopt;
    for (const Entry& entry : *entries) {
        if (entry.key == key) return entry.value;
    }
    return std::nullopt;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

}  // namespace

bool is_runtime_key(const std::string& key) {
    return parsers().contains(key);
}

Status parse_runtime_key(const Entry& entry, ServiceSpec& spec, RuntimeDeclarations& declared) {
    auto parser = parsers().find(entry.key);
    if (parser == parsers().end()) return entry.value.fail("not a runtime key");
    return parser->second(entry.value, spec, declared);
}

Status finish_runtime(const RuntimeDeclarations& declared, ServiceSpec& spec) {
    if (declared.platform) spec.constraints.push_back(*declared.platform);
    if (declared.container_name_at) {
        if (spec.global || spec.replicas > 1) {
            return declared.container_name_at->fail(
                "a container name must be unique, and this service runs " +
                std::string(spec.global ? "one replica on every node" : "several replicas") +
                "; remove container_name (other services reach it by its service name) or "
                "use networks.*.aliases");
        }
        // The container keeps edgeorch's name (it names the node, so a replica can move);
        // the name other services use resolves through the stack's network.
        add_unique(spec.network_aliases, declared.container_name);
    }
    // Peers resolve a service's hostname too, when it is a name the network can carry.
    if (!spec.runtime.hostname.empty() && validate_name("hostname", spec.runtime.hostname).ok()) {
        add_unique(spec.network_aliases, spec.runtime.hostname);
    }
    return ok_status();
}

Status check_runtime_references(const Value& services, StackSpec& stack) {
    std::set<std::string> names;
    for (const auto& service : stack.services) names.insert(service.name);
    auto entries = services.entries();
    if (!entries) return entries.error();
    std::map<std::string, Value> values;
    for (const Entry& entry : *entries) values.emplace(entry.key, entry.value);

    std::map<std::string, std::vector<std::string>> aliases_for;
    for (auto& service : stack.services) {
        const Value& value = values.at(service.name);
        const std::string& mode = service.runtime.network_mode;
        if (mode.starts_with("service:")) {
            std::string target = mode.substr(8);
            const Value at = key_of(value, "network_mode").value_or(value);
            if (target == service.name) return at.fail("a service cannot share its own network");
            if (!names.contains(target)) {
                return at.fail("\"" + target + "\" is not a service of this file");
            }
            add_unique(service.depends_on, target);
        }
        auto links_at = key_of(value, "links");
        if (!links_at) continue;
        auto links = parse_link_items(*links_at);
        if (!links) return links.error();
        for (const auto& [target, alias, at] : *links) {
            if (!names.contains(target)) {
                return at.fail("\"" + target + "\" is not a service of this file");
            }
            if (target == service.name) return at.fail("a service cannot link to itself");
            add_unique(service.depends_on, target);
            if (alias != target) aliases_for[target].push_back(alias);
        }
    }
    for (auto& service : stack.services) {
        for (const auto& alias : aliases_for[service.name]) {
            add_unique(service.network_aliases, alias);
        }
    }
    return ok_status();
}

std::optional<std::string> platform_arch(const std::string& platform) {
    static const std::map<std::string, std::string> arches = {
        {"linux/amd64", "amd64"},    {"linux/x86_64", "amd64"},  {"linux/arm64", "arm64"},
        {"linux/arm64/v8", "arm64"}, {"linux/aarch64", "arm64"}, {"linux/arm", "arm"},
        {"linux/arm/v7", "arm"},     {"linux/arm/v6", "arm"}};
    auto found = arches.find(platform);
    if (found == arches.end()) return std::nullopt;
    return found->second;
}

}  // namespace edge::compose
