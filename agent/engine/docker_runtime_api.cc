#include "agent/engine/docker_runtime_api.h"

namespace edge {

using nlohmann::json;

namespace {

void put_list(json& object, const char* key, const std::vector<std::string>& list) {
    if (!list.empty()) object[key] = list;
}

void put_text(json& object, const char* key, const std::string& text) {
    if (!text.empty()) object[key] = text;
}

void add_privileges(json& host, const RuntimeOptions& r) {
    if (r.privileged) host["Privileged"] = true;
    put_list(host, "CapAdd", r.cap_add);
    put_list(host, "CapDrop", r.cap_drop);
    put_list(host, "SecurityOpt", r.security_opt);
    if (!r.sysctls.empty()) host["Sysctls"] = r.sysctls;
    if (!r.ulimits.empty()) {
        json list = json::array();
        for (const auto& u : r.ulimits) {
            list.push_back({{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
        }
        host["Ulimits"] = list;
    }
    if (r.shm_size > 0) host["ShmSize"] = r.shm_size;
    if (!r.devices.empty()) {
        json list = json::array();
        for (const auto& d : r.devices) {
            list.push_back({{"PathOnHost", d.host_path},
                            {"PathInContainer", d.container_path},
                            {"CgroupPermissions", d.permissions}});
        }
        host["Devices"] = list;
    }
    put_text(host, "PidMode", r.pid);
    put_text(host, "IpcMode", r.ipc);
    if (r.read_only) host["ReadonlyRootfs"] = true;
    if (r.init) host["Init"] = *r.init;
    put_list(host, "GroupAdd", r.group_add);
}

// The user's /etc/hosts lines come first: the first line that names a host wins.
void add_extra_hosts(json& host, const RuntimeOptions& r) {
    if (r.extra_hosts.empty()) return;
    json hosts = json::array();
    for (const auto& h : r.extra_hosts) hosts.push_back(h.name + ":" + h.address);
    if (host.contains("ExtraHosts")) {
        for (const auto& line : host["ExtraHosts"]) hosts.push_back(line);
    }
    host["ExtraHosts"] = hosts;
}

// host, none or another container's namespace instead of the stack's network.
void apply_network_mode(json& body, const DesiredContainer& c, const std::string& node) {
    std::string mode = c.runtime.network_mode;
    if (mode.empty()) return;
    if (mode.starts_with("service:")) {
        // The hub found no replica of that service on this node; the engine's "no such
        // container" names the container the replica needs.
        mode = "container:" + container_name(node, c.stack, mode.substr(8), c.replica);
    }
    json& host = body["HostConfig"];
    host["NetworkMode"] = mode;
    body.erase("NetworkingConfig");  // endpoint aliases exist on user-defined networks only
    host.erase("PortBindings");      // host: the container binds its ports itself
    // Services on other nodes are reached by address through the stack's network only.
    host.erase("ExtraHosts");
    if (mode.starts_with("container:")) {
        // The namespace's owner has the ports, host name, DNS and /etc/hosts; the engine
        // refuses them here.
        body.erase("ExposedPorts");
        body.erase("Hostname");
        body.erase("Domainname");
        host.erase("Dns");
        host.erase("DnsSearch");
    }
}

void add_config(json& body, const RuntimeOptions& r) {
    put_text(body, "User", r.user);
    put_text(body, "WorkingDir", r.working_dir);
    put_text(body, "Hostname", r.hostname);
    put_text(body, "Domainname", r.domainname);
    put_text(body, "StopSignal", r.stop_signal);
    if (r.stop_grace_period_ms) {
        // Whole seconds, rounded up: a grace period is a minimum.
        body["StopTimeout"] = (*r.stop_grace_period_ms + 999) / 1000;
    }
    if (r.tty) body["Tty"] = true;
    if (r.stdin_open) {
        body["OpenStdin"] = true;
        body["AttachStdin"] = false;  // nobody attaches; the container keeps stdin open
    }
    json labels = json::object();
    for (const auto& [key, value] : r.labels) labels[key] = value;
    // edgeorch's labels identify its containers (agent/engine/engine.h); they win over the user's.
    if (body.contains("Labels")) {
        for (const auto& [key, value] : body["Labels"].items()) labels[key] = value;
    }
    body["Labels"] = labels;
}

}  // namespace

bool needs_bind_syntax(const VolumeMount& v) {
    return v.kind == VolumeMount::Kind::kBind && (v.create_host_path || !v.selinux_label.empty());
}

std::string bind_text(const VolumeMount& v) {
    std::string options = v.read_only ? "ro" : "rw";
    if (!v.selinux_label.empty()) options += "," + v.selinux_label;
    if (!v.propagation.empty()) options += "," + v.propagation;
    return v.source + ":" + v.target + ":" + options;
}

json mount_body(const VolumeMount& v) {
    json mount = {
        {"Type", volume_kind_name(v.kind)}, {"Target", v.target}, {"ReadOnly", v.read_only}};
    switch (v.kind) {
        case VolumeMount::Kind::kBind:
            mount["Source"] = v.source;
            if (!v.propagation.empty()) mount["BindOptions"] = {{"Propagation", v.propagation}};
            break;
        case VolumeMount::Kind::kNamed:
            mount["Source"] = v.source;
            if (v.no_copy) mount["VolumeOptions"] = {{"NoCopy", true}};
            break;
        case VolumeMount::Kind::kTmpfs: {
            json options = json::object();
            if (v.tmpfs_size > 0) options["SizeBytes"] = v.tmpfs_size;
            if (v.tmpfs_mode > 0) options["Mode"] = v.tmpfs_mode;
            if (!options.empty()) mount["TmpfsOptions"] = options;
            break;
        }
    }
    return mount;
}

json log_config_body(const std::optional<LogSettings>& logging) {
    LogSettings settings = logging.value_or(LogSettings{});
    bool json_file = settings.driver.empty() || settings.driver == "json-file";
    if (settings.driver.empty() && settings.options.empty()) settings.driver = "json-file";
    if (json_file && !settings.options.contains("max-size")) {
        // json-file keeps everything unless told otherwise; bounded logs spare SD cards.
        settings.driver = "json-file";
        settings.options["max-size"] = kDefaultLogMaxSize;
        settings.options.try_emplace("max-file", kDefaultLogMaxFile);
    }
    json config = json::object();
    for (const auto& [key, value] : settings.options) config[key] = value;
    return {{"Type", settings.driver}, {"Config", config}};
}

void add_runtime_options(json& body, const DesiredContainer& c, const std::string& node) {
    const RuntimeOptions& r = c.runtime;
    json& host = body["HostConfig"];
    add_privileges(host, r);
    put_list(host, "Dns", r.dns);
    put_list(host, "DnsSearch", r.dns_search);
    host["LogConfig"] = log_config_body(r.logging);
    add_config(body, r);
    if (!r.network_mode.empty()) {
        apply_network_mode(body, c, node);
        if (r.network_mode == "host" || r.network_mode == "none") add_extra_hosts(host, r);
    } else {
        add_extra_hosts(host, r);
    }
}

}  // namespace edge
