#include "schema/runtime_json.h"
#include "schema/json_fields.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "core/names.h"
#include "schema/network_json.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxHostNameLength = 253;
constexpr size_t kMaxShortList = 256;  // capabilities, devices, DNS servers, ulimits, ...
constexpr int64_t kMaxGraceMs = 7LL * 24 * 3600 * 1000;  // a week, as Compose durations

void put_flag(json& object, const char* key, bool flag) {
    if (flag) object[key] = true;
}

bool is_path(const std::string& text) {
    return !text.empty() && text.front() == '/';
}

// A list of at most kMaxShortList strings, each of at most `max_length` bytes and accepted by
// `valid`.
template <typename Valid>
std::vector<std::string> short_list(JsonReader& reader, const char* key, size_t max_length,
                                    const std::string& expected, Valid valid) {
    auto list = reader.optional_string_list(key);
    if (!list || !reader.ok()) return {};
    if (list->size() > kMaxShortList) {
        reader.fail(key, "at most " + std::to_string(kMaxShortList) + " entries");
        return {};
    }
    for (const auto& item : *list) {
        if (item.empty() || item.size() > max_length || !valid(item)) {
            reader.fail(key, expected);
            return {};
        }
    }
    return *list;
}

bool is_capability(const std::string& name) {
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool is_host_name(const std::string& name) {
    return name.size() <= kMaxHostNameLength && std::all_of(name.begin(), name.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                      c == '_';
           });
}

bool is_printable(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
}

bool is_permissions(const std::string& text) {
    if (text.empty() || text.size() > 3) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (c == 'r' || c == 'w' || c == 'm') && std::count(text.begin(), text.end(), c) == 1;
    });
}

bool valid_network_mode(const std::string& mode, bool in_container) {
    if (mode.empty() || mode == "host" || mode == "none") return true;
    if (mode.starts_with("service:")) return validate_name("service", mode.substr(8)).ok();
    // A container name as the agent makes them (core/model.h container_name).
    if (in_container && mode.starts_with("container:")) {
        std::string name = mode.substr(10);
        return !name.empty() && name.size() <= 256 &&
               std::all_of(name.begin(), name.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                          c == '.';
               });
    }
    return false;
}

void put_privileges(json& r, const RuntimeOptions& o) {
    put_flag(r, "privileged", o.privileged);
    put_list(r, "cap_add", o.cap_add);
    put_list(r, "cap_drop", o.cap_drop);
    put_list(r, "security_opt", o.security_opt);
    if (!o.sysctls.empty()) r["sysctls"] = o.sysctls;
    if (!o.ulimits.empty()) {
        json list = json::array();
        for (const auto& u : o.ulimits) {
            list.push_back({{"name", u.name}, {"soft", u.soft}, {"hard", u.hard}});
        }
        r["ulimits"] = list;
    }
    if (!o.devices.empty()) {
        json list = json::array();
        for (const auto& d : o.devices) {
            list.push_back({{"host", d.host_path},
                            {"container", d.container_path},
                            {"permissions", d.permissions}});
        }
        r["devices"] = list;
    }
    put_text(r, "pid", o.pid);
    put_text(r, "ipc", o.ipc);
    put_flag(r, "read_only", o.read_only);
    if (o.shm_size != 0) r["shm_size"] = o.shm_size;
}

void read_privileges(JsonReader& r, RuntimeOptions& o) {
    o.privileged = r.boolean("privileged", false);
    o.cap_add = short_list(r, "cap_add", 64, "capability names", is_capability);
    o.cap_drop = short_list(r, "cap_drop", 64, "capability names", is_capability);
    o.security_opt =
        short_list(r, "security_opt", kMaxPathLength, "security options", is_printable);
    o.sysctls = r.string_map("sysctls");
    if (r.ok() && o.sysctls.size() > kMaxShortList) r.fail("sysctls", "at most 256 entries");
    r.objects(
        "ulimits",
        [&](JsonReader& item) {
            Ulimit u;
            u.name = item.string("name", 32);
            u.soft = item.integer("soft", -1, kMaxBytes);
            u.hard = item.integer("hard", -1, kMaxBytes);
            o.ulimits.push_back(u);
        },
        false);
    r.objects(
        "devices",
        [&](JsonReader& item) {
            DeviceMapping d;
            d.host_path = item.string("host", kMaxPathLength);
            if (item.ok() && !is_path(d.host_path)) item.fail("host", "an absolute path");
            d.container_path = item.string("container", kMaxPathLength);
            if (item.ok() && !is_path(d.container_path)) item.fail("container", "an absolute path");
            d.permissions = item.string("permissions", 3);
            if (item.ok() && !is_permissions(d.permissions)) {
                item.fail("permissions", "some of r, w and m");
            }
            o.devices.push_back(d);
        },
        false);
    if (r.ok() && (o.ulimits.size() > kMaxShortList || o.devices.size() > kMaxShortList)) {
        r.fail("devices", "at most 256 devices and ulimits");
    }
    o.pid = r.string("pid", 8, false);
    if (r.ok() && !o.pid.empty() && o.pid != "host") r.fail("pid", "host");
    o.ipc = r.string("ipc", 16, false);
    static const std::set<std::string> ipc_modes = {"", "host", "private", "shareable", "none"};
    if (r.ok() && !ipc_modes.contains(o.ipc)) r.fail("ipc", "host, private, shareable or none");
    o.read_only = r.boolean("read_only", false);
    o.shm_size = r.integer("shm_size", 0, kMaxBytes, false);
}

void put_network(json& r, const RuntimeOptions& o) {
    put_text(r, "network_mode", o.network_mode);
    put_text(r, "hostname", o.hostname);
    put_text(r, "domainname", o.domainname);
    if (!o.extra_hosts.empty()) {
        json list = json::array();
        for (const auto& h : o.extra_hosts) {
            list.push_back({{"name", h.name}, {"address", h.address}});
        }
        r["extra_hosts"] = list;
    }
    put_list(r, "dns", o.dns);
    put_list(r, "dns_search", o.dns_search);
}

void read_network(JsonReader& r, RuntimeOptions& o, bool in_container) {
    o.network_mode = r.string("network_mode", 300, false);
    if (r.ok() && !valid_network_mode(o.network_mode, in_container)) {
        r.fail("network_mode", "host, none or service:NAME");
    }
    o.hostname = r.string("hostname", kMaxHostNameLength, false);
    if (r.ok() && !is_host_name(o.hostname)) r.fail("hostname", "a host name");
    o.domainname = r.string("domainname", kMaxHostNameLength, false);
    if (r.ok() && !is_host_name(o.domainname)) r.fail("domainname", "a domain name");
    r.objects(
        "extra_hosts",
        [&](JsonReader& item) {
            ExtraHost h;
            h.name = item.string("name", kMaxHostNameLength);
            if (item.ok() && (h.name.empty() || !is_host_name(h.name))) {
                item.fail("name", "a host name");
            }
            h.address = item.string("address", 64);
            if (item.ok() && h.address != "host-gateway" && !is_address_text(h.address)) {
                item.fail("address", "an IP address or host-gateway");
            }
            o.extra_hosts.push_back(h);
        },
        false);
    if (r.ok() && o.extra_hosts.size() > kMaxShortList) r.fail("extra_hosts", "at most 256");
    o.dns = short_list(r, "dns", 64, "IP addresses", is_address_text);
    o.dns_search = short_list(r, "dns_search", kMaxHostNameLength, "domain names", is_host_name);
}

void put_process(json& r, const RuntimeOptions& o) {
    put_text(r, "user", o.user);
    put_list(r, "group_add", o.group_add);
    put_text(r, "working_dir", o.working_dir);
    if (o.init) r["init"] = *o.init;
    put_text(r, "stop_signal", o.stop_signal);
    if (o.stop_grace_period_ms) r["stop_grace_period_ms"] = *o.stop_grace_period_ms;
    put_flag(r, "tty", o.tty);
    put_flag(r, "stdin_open", o.stdin_open);
    if (!o.labels.empty()) r["labels"] = o.labels;
    if (o.logging) r["logging"] = {{"driver", o.logging->driver}, {"options", o.logging->options}};
}

void read_process(JsonReader& r, RuntimeOptions& o) {
    o.user = r.string("user", 256, false);
    if (r.ok() && !is_printable(o.user)) r.fail("user", "a user name or id");
    o.group_add = short_list(r, "group_add", 256, "group names or ids", is_printable);
    o.working_dir = r.string("working_dir", kMaxPathLength, false);
    if (r.ok() && !o.working_dir.empty() && !is_path(o.working_dir)) {
        r.fail("working_dir", "an absolute path");
    }
    if (r.has("init")) o.init = r.boolean("init");
    o.stop_signal = r.string("stop_signal", 32, false);
    if (r.ok() && !is_printable(o.stop_signal)) r.fail("stop_signal", "a signal name");
    if (r.has("stop_grace_period_ms")) {
        o.stop_grace_period_ms = r.integer("stop_grace_period_ms", 0, kMaxGraceMs);
    }
    o.tty = r.boolean("tty", false);
    o.stdin_open = r.boolean("stdin_open", false);
    o.labels = r.string_map("labels");
    if (r.has("logging")) {
        JsonReader logging = r.object("logging");
        LogSettings settings;
        settings.driver = logging.string("driver", 64, false);
        settings.options = logging.string_map("options");
        if (logging.ok() && settings.options.size() > kMaxShortList) {
            logging.fail("options", "at most 256 options");
        }
        o.logging = settings;
    }
}

}  // namespace

void put_runtime(json& object, const RuntimeOptions& runtime) {
    if (runtime == RuntimeOptions{}) return;
    json r = json::object();
    put_privileges(r, runtime);
    put_network(r, runtime);
    put_process(r, runtime);
    object["runtime"] = r;
}

void read_runtime(JsonReader& reader, RuntimeOptions& runtime, bool in_container) {
    if (!reader.has("runtime")) return;
    JsonReader r = reader.object("runtime");
    if (!r.ok()) return;
    read_privileges(r, runtime);
    read_network(r, runtime, in_container);
    read_process(r, runtime);
}

void put_volume_options(json& item, const VolumeMount& v) {
    put_text(item, "propagation", v.propagation);
    put_text(item, "selinux_label", v.selinux_label);
    put_flag(item, "create_host_path", v.create_host_path);
    put_flag(item, "no_copy", v.no_copy);
    if (v.tmpfs_size != 0) item["tmpfs_size"] = v.tmpfs_size;
    if (v.tmpfs_mode != 0) item["tmpfs_mode"] = v.tmpfs_mode;
}

void read_volume_options(JsonReader& item, VolumeMount& v) {
    static const std::set<std::string> propagations = {"",       "rprivate", "private", "rshared",
                                                       "shared", "rslave",   "slave"};
    v.propagation = item.string("propagation", 16, false);
    if (item.ok() && !propagations.contains(v.propagation)) {
        item.fail("propagation", "rprivate, private, rshared, shared, rslave or slave");
    }
    v.selinux_label = item.string("selinux_label", 1, false);
    if (item.ok() && !v.selinux_label.empty() && v.selinux_label != "z" && v.selinux_label != "Z") {
        item.fail("selinux_label", "z or Z");
    }
    v.create_host_path = item.boolean("create_host_path", false);
    v.no_copy = item.boolean("no_copy", false);
    v.tmpfs_size = item.integer("tmpfs_size", 0, kMaxBytes, false);
    v.tmpfs_mode = static_cast<int>(item.integer("tmpfs_mode", 0, 07777, false));
}

}  // namespace edge
