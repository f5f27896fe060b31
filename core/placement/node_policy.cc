#include "core/placement/node_policy.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "core/model.h"

namespace edge {

namespace {

// Device classes a homelab app asks for: serial sticks (Zigbee, Z-Wave), GPUs and video
// capture for transcoding, the TUN device for VPNs, GPIO/I2C/SPI on a Pi, sound, USB and DVB.
// Block devices (/dev/sd*, /dev/mmcblk*, /dev/nvme*) and /dev/mem are left out: they hand the
// node's disks and memory to the container.
const std::vector<std::string> kDefaultDevicePrefixes = {
    "/dev/serial/", "/dev/ttyUSB", "/dev/ttyACM", "/dev/ttyAMA",   "/dev/dri",
    "/dev/net/tun", "/dev/video",  "/dev/media",  "/dev/gpiochip", "/dev/gpiomem",
    "/dev/i2c-",    "/dev/spidev", "/dev/snd",    "/dev/bus/usb",  "/dev/hidraw",
    "/dev/dvb",     "/dev/vchiq",  "/dev/apex_",  "/dev/fuse"};

// Capabilities apps in the wild add: the network ones for DNS, DHCP and VPN containers, clock
// and scheduling ones for NTP servers and media tools. SYS_ADMIN, SYS_MODULE, SYS_RAWIO,
// SYS_PTRACE, DAC_READ_SEARCH and ALL are left out: each is most of the way to privileged.
const std::vector<std::string> kDefaultCapabilities = {
    "NET_ADMIN", "NET_RAW",    "NET_BIND_SERVICE", "NET_BROADCAST", "SYS_NICE", "SYS_TIME",
    "IPC_LOCK",  "CHOWN",      "DAC_OVERRIDE",     "FOWNER",        "FSETID",   "KILL",
    "SETGID",    "SETUID",     "SETPCAP",          "SYS_CHROOT",    "MKNOD",    "AUDIT_WRITE",
    "SETFCAP",   "WAKE_ALARM", "SYS_RESOURCE",     "BLOCK_SUSPEND"};

std::string trim(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

// "cap_net_admin" and "CAP_NET_ADMIN" both mean NET_ADMIN, as in Compose.
std::string capability_name(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (text.starts_with("CAP_")) text = text.substr(4);
    return text;
}

std::string without_trailing_slash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

// `path` is `dir` or inside it, component-wise: /srv/data is under /srv, /srvx is not.
bool path_under(const std::string& path, const std::string& dir) {
    std::string d = without_trailing_slash(dir);
    std::string p = without_trailing_slash(path);
    if (d == "/") return true;
    return p == d || (p.starts_with(d) && p[d.size()] == '/');
}

bool has_dot_dot(const std::string& path) {
    std::string padded = path + "/";
    return padded.find("/../") != std::string::npos;
}

std::string where(const NodePolicy& policy, int line) {
    if (line == 0) return "the default policy";
    return policy.source + ":" + std::to_string(line);
}

std::string refused(const NodePolicy& policy, int line, const std::string& rule,
                    const std::string& detail = "") {
    return "refused by " + where(policy, line) + " (" + rule + ")" +
           (detail.empty() ? "" : ": " + detail);
}

bool list_allows(const PolicyList& list, const std::string& value, bool by_prefix) {
    if (list.any) return true;
    for (const auto& entry : list.entries) {
        if (by_prefix ? value.starts_with(entry) : value == entry) return true;
    }
    return false;
}

std::string bind_refusal(const NodePolicy& policy, const std::string& source) {
    std::string rule = policy_line_text("binds", policy.binds);
    if (has_dot_dot(source)) {
        return refused(policy, policy.binds.line, rule, "bind " + source + " contains \"..\"");
    }
    bool named = false;  // a binds entry covers it, so the owner asked for it by name
    for (const auto& entry : policy.binds.entries) named = named || path_under(source, entry);
    if (!policy.binds.any && !named) {
        return refused(policy, policy.binds.line, rule, "bind " + source + " is not allowed");
    }
    if (named) return "";
    for (const auto& protected_path : policy.protected_paths) {
        bool exact = without_trailing_slash(source) == without_trailing_slash(protected_path);
        // Binding /run hands over /run/docker.sock as surely as binding the socket does.
        bool contains = path_under(protected_path, source);
        // Inside the state directory or the socket is as bad as the thing itself; inside / or
        // /etc is not (/etc/localtime:ro is in every other compose file).
        bool inside =
            path_under(source, protected_path) && protected_path != "/" && protected_path != "/etc";
        if (exact || contains || inside) {
            return refused(policy, policy.binds.line, rule,
                           "bind " + source + " exposes protected " + protected_path +
                               "; name it in a binds line to allow it");
        }
    }
    return "";
}

struct ParseState {
    NodePolicy policy;
    std::map<std::string, int> seen;  // key -> line
    std::vector<std::string> errors;
};

void parse_switch(ParseState& state, PolicySwitch& rule, const std::vector<std::string>& words,
                  const std::string& at, int line) {
    if (words.size() != 2 || (words[1] != "yes" && words[1] != "no")) {
        state.errors.push_back(at + words[0] + ": expected yes or no");
        return;
    }
    rule = {words[1] == "yes", line};
}

void parse_list(ParseState& state, PolicyList& rule, const std::vector<std::string>& words,
                const std::string& at, int line, bool paths) {
    if (words.size() < 2) {
        state.errors.push_back(at + words[0] + ": expected any, none or at least one entry");
        return;
    }
    PolicyList parsed;
    parsed.line = line;
    if (words.size() == 2 && (words[1] == "any" || words[1] == "none")) {
        parsed.any = words[1] == "any";
        rule = parsed;
        return;
    }
    for (size_t i = 1; i < words.size(); ++i) {
        std::string word = words[i];
        if (word == "any" || word == "none") {
            // `binds any /var/run/docker.sock`: everything unprotected, plus the socket.
            if (word == "any" && paths) {
                parsed.any = true;
                continue;
            }
            state.errors.push_back(at + words[0] + ": " + word + " must stand alone");
            return;
        }
        if (paths && (!word.starts_with("/") || has_dot_dot(word))) {
            state.errors.push_back(at + words[0] +
                                   ": expected absolute paths without \"..\", got " + word);
            return;
        }
        parsed.entries.push_back(paths ? word : capability_name(word));
    }
    rule = parsed;
}

}  // namespace

NodePolicy default_node_policy(const std::string& state_dir) {
    NodePolicy policy;
    // Allowed: the apps this policy exists for publish their compose files with it (Home
    // Assistant, Frigate), and a node that runs only its owner's stacks loses nothing. A node
    // that runs stacks it does not trust says `privileged no`.
    policy.privileged = {true, 0};
    policy.host_network = {true, 0};
    policy.host_pid = {false, 0};
    policy.host_ipc = {false, 0};
    policy.devices = {false, kDefaultDevicePrefixes, 0};
    policy.binds = {true, {}, 0};
    policy.cap_add = {false, kDefaultCapabilities, 0};
    policy.protected_paths = {"/", "/etc", "/var/run/docker.sock", "/run/docker.sock"};
    if (!state_dir.empty()) policy.protected_paths.push_back(without_trailing_slash(state_dir));
    return policy;
}

Result<NodePolicy> parse_node_policy(const std::string& text, const std::string& file,
                                     const std::string& state_dir) {
    ParseState state;
    state.policy = default_node_policy(state_dir);
    state.policy.source = file;
    std::istringstream lines(text);
    std::string raw;
    int line = 0;
    while (std::getline(lines, raw)) {
        ++line;
        std::string content = trim(raw.substr(0, raw.find('#')));
        if (content.empty()) continue;
        std::istringstream fields(content);
        std::vector<std::string> words;
        for (std::string word; fields >> word;) words.push_back(word);
        std::string at = file + ":" + std::to_string(line) + ": ";
        const std::string& key = words[0];
        if (auto earlier = state.seen.find(key); earlier != state.seen.end()) {
            state.errors.push_back(at + key + ": already set at line " +
                                   std::to_string(earlier->second));
            continue;
        }
        state.seen[key] = line;
        NodePolicy& policy = state.policy;
        if (key == "privileged") {
            parse_switch(state, policy.privileged, words, at, line);
        } else if (key == "host_network") {
            parse_switch(state, policy.host_network, words, at, line);
        } else if (key == "host_pid") {
            parse_switch(state, policy.host_pid, words, at, line);
        } else if (key == "host_ipc") {
            parse_switch(state, policy.host_ipc, words, at, line);
        } else if (key == "devices") {
            parse_list(state, policy.devices, words, at, line, true);
        } else if (key == "binds") {
            parse_list(state, policy.binds, words, at, line, true);
        } else if (key == "cap_add") {
            parse_list(state, policy.cap_add, words, at, line, false);
        } else {
            state.errors.push_back(at + key +
                                   ": unknown key; expected privileged, host_network, host_pid, "
                                   "host_ipc, devices, binds or cap_add");
        }
    }
    if (!state.errors.empty()) {
        std::string message;
        for (const auto& error : state.errors) message += (message.empty() ? "" : "\n") + error;
        return make_error(message);
    }
    return state.policy;
}

std::string policy_line_text(const char* key, const PolicySwitch& rule) {
    return std::string(key) + (rule.allowed ? " yes" : " no");
}

std::string policy_line_text(const char* key, const PolicyList& rule) {
    std::string text = key;
    if (rule.any) text += " any";
    if (!rule.any && rule.entries.empty()) text += " none";
    // The default lists are long; the rule's name and where it is are what the reader needs.
    if (rule.line == 0 && !rule.entries.empty()) return text + " <defaults>";
    for (const auto& entry : rule.entries) text += " " + entry;
    return text;
}

std::string policy_refusal(const NodePolicy& policy, const RuntimeOptions& runtime,
                           const std::vector<VolumeMount>& volumes) {
    if (runtime.privileged && !policy.privileged.allowed) {
        return refused(policy, policy.privileged.line,
                       policy_line_text("privileged", policy.privileged));
    }
    if (runtime.network_mode == "host" && !policy.host_network.allowed) {
        return refused(policy, policy.host_network.line,
                       policy_line_text("host_network", policy.host_network));
    }
    if (runtime.pid == "host" && !policy.host_pid.allowed) {
        return refused(policy, policy.host_pid.line, policy_line_text("host_pid", policy.host_pid));
    }
    if (runtime.ipc == "host" && !policy.host_ipc.allowed) {
        return refused(policy, policy.host_ipc.line, policy_line_text("host_ipc", policy.host_ipc));
    }
    for (const auto& device : runtime.devices) {
        if (has_dot_dot(device.host_path) || !list_allows(policy.devices, device.host_path, true)) {
            return refused(policy, policy.devices.line, policy_line_text("devices", policy.devices),
                           "device " + device.host_path + " is not allowed");
        }
    }
    for (const auto& capability : runtime.cap_add) {
        std::string name = capability_name(capability);
        if (!list_allows(policy.cap_add, name, false)) {
            return refused(policy, policy.cap_add.line, policy_line_text("cap_add", policy.cap_add),
                           "capability " + name + " is not allowed");
        }
    }
    for (const auto& volume : volumes) {
        // Relative sources are resolved by edgeorch itself under the agent's data root.
        if (volume.kind != VolumeMount::Kind::kBind || !volume.source.starts_with("/")) continue;
        std::string refusal = bind_refusal(policy, volume.source);
        if (!refusal.empty()) return refusal;
    }
    return "";
}

}  // namespace edge
