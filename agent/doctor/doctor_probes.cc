#include "agent/doctor/doctor_probes.h"

#include <mosquitto.h>
#include <sys/statvfs.h>
#include <sys/timex.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/engine/docker_engine.h"
#include "agent/engine/unix_http.h"
#include "agent/observe/facts.h"
#include "agent/state_store.h"
#include "agent/text_file.h"
#include "bus/mqtt_client.h"
#include "security/pki/node_pki.h"

namespace edge {

namespace fs = std::filesystem;

namespace {

// The engine's /info says whether it can enforce memory limits.
std::optional<bool> engine_memory_limit(const UnixHttpClient& http) {
    auto info = http.send({.path = "/info", .timeout_seconds = 10});
    if (!info.ok() || info->status != 200) return std::nullopt;
    auto document = nlohmann::json::parse(info->body, nullptr, false);
    if (document.is_discarded() || !document.contains("MemoryLimit") ||
        !document["MemoryLimit"].is_boolean()) {
        return std::nullopt;
    }
    return document["MemoryLimit"].get<bool>();
}

// What one MQTT v5 connection attempt came to; filled by libmosquitto's connect callback.
struct ConnectOutcome {
    bool answered = false;
    int reason_code = -1;
};

void on_connack(mosquitto*, void* outcome, int reason_code, int, const mosquitto_property*) {
    auto* result = static_cast<ConnectOutcome*>(outcome);
    result->answered = true;
    result->reason_code = reason_code;
}

}  // namespace

std::string boot_cmdline_file(const std::string& boot_root) {
    fs::path firmware = fs::path(boot_root) / "firmware" / "cmdline.txt";
    if (fs::exists(firmware) || !fs::exists(fs::path(boot_root) / "cmdline.txt"))
        return firmware.string();
    return (fs::path(boot_root) / "cmdline.txt").string();
}

CgroupFacts read_cgroup_facts(const NodeRoots& roots, const std::string& model) {
    CgroupFacts facts;
    // On cgroup v2 the root lists its controllers here; on v1 (and hybrid) /proc/cgroups does.
    facts.v2_controllers =
        read_text_file(fs::path(roots.sys) / "fs" / "cgroup" / "cgroup.controllers");
    facts.proc_cgroups = read_text_file(fs::path(roots.proc) / "cgroups").value_or("");
    facts.cmdline = read_text_file(fs::path(roots.proc) / "cmdline").value_or("");
    facts.model = model;
    facts.boot_cmdline_file = boot_cmdline_file(roots.boot);
    return facts;
}

EngineFacts probe_engine(const std::string& endpoint) {
    EngineFacts facts;
    facts.endpoint = endpoint;
    auto engine = DockerEngine::create(endpoint);
    if (!engine.ok()) {
        facts.transport_error = engine.error().message;
        return facts;
    }
    const std::string scheme = "unix://";
    UnixHttpClient http(endpoint.rfind(scheme, 0) == 0 ? endpoint.substr(scheme.size()) : endpoint);
    auto version = http.send({.path = "/version", .timeout_seconds = 10});
    if (!version.ok()) {
        facts.transport_error = version.error().message;
        return facts;
    }
    facts.version_status = version->status;
    facts.version_body = version->body;
    facts.memory_limit = engine_memory_limit(http);
    return facts;
}

BrokerFacts probe_broker(const AgentOptions& options, std::chrono::seconds timeout) {
    BrokerFacts facts;
    facts.url = options.broker_url;
    facts.credentials_given = !options.username.empty();
    auto address = parse_broker_url(options.broker_url);
    if (!address.ok()) {
        facts.error = address.error().message;
        return facts;
    }
    static std::once_flag library_initialised;
    std::call_once(library_initialised, [] { mosquitto_lib_init(); });
    ConnectOutcome outcome;
    // Its own client id: reusing the agent's would disconnect a running agent.
    std::string client_id = "edge-agent-" + options.node + "-doctor";
    std::unique_ptr<mosquitto, decltype(&mosquitto_destroy)> handle(
        mosquitto_new(client_id.c_str(), true, &outcome), &mosquitto_destroy);
    if (!handle) {
        facts.error = "cannot create an MQTT client";
        return facts;
    }
    mosquitto_int_option(handle.get(), MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_v5_callback_set(handle.get(), on_connack);
    if (facts.credentials_given) {
        mosquitto_username_pw_set(handle.get(), options.username.c_str(), options.password.c_str());
    }
    if (address->tls) {
        auto file = [](const std::string& path) { return path.empty() ? nullptr : path.c_str(); };
        int set =
            mosquitto_tls_set(handle.get(), file(options.tls_ca_file), nullptr,
                              file(options.tls_cert_file), file(options.tls_key_file), nullptr);
        if (set != MOSQ_ERR_SUCCESS) {
            facts.error = std::string("cannot use the TLS files (run `edge-agent join` first): ") +
                          mosquitto_strerror(set);
            return facts;
        }
    }
    int rc = mosquitto_connect(handle.get(), address->host.c_str(), address->port, 10);
    if (rc != MOSQ_ERR_SUCCESS) {
        facts.error = rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc);
        return facts;
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!outcome.answered && std::chrono::steady_clock::now() < deadline) {
        rc = mosquitto_loop(handle.get(), 100, 1);
        if (rc != MOSQ_ERR_SUCCESS && !outcome.answered) {
            facts.error = rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc);
            return facts;
        }
    }
    if (!outcome.answered) {
        facts.error = "no answer within " + std::to_string(timeout.count()) + " s";
        return facts;
    }
    facts.reason_code = outcome.reason_code;
    facts.connected = outcome.reason_code == 0;
    if (facts.connected) {
        mosquitto_disconnect(handle.get());
    } else {
        facts.error = mosquitto_reason_string(outcome.reason_code);
    }
    return facts;
}

ClockFacts read_clock() {
    ClockFacts facts;
    facts.now_unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    timex state{};  // modes 0: read only, no privilege needed
    facts.synchronized = adjtimex(&state) != TIME_ERROR;
    return facts;
}

CertificateFacts read_certificate(const AgentOptions& options, int64_t now_unix_seconds) {
    CertificateFacts facts;
    facts.now_unix_seconds = now_unix_seconds;
    auto address = parse_broker_url(options.broker_url);
    facts.tls = address.ok() && address->tls;
    facts.path = options.tls_cert_file;
    if (!facts.tls || facts.path.empty()) return facts;
    std::ifstream in(facts.path);
    std::stringstream text;
    text << in.rdbuf();
    auto not_after = certificate_not_after(text.str());
    if (not_after) {
        facts.not_after = *not_after;
    } else {
        facts.error = not_after.error().message;
    }
    return facts;
}

StorageFacts read_storage(const std::string& path, StorageKind kind) {
    StorageFacts facts;
    facts.path = path;
    facts.kind = kind;
    // Before the agent's first run the state directory may not exist yet: measure the disk
    // it will be created on.
    fs::path existing = path;
    std::error_code error;
    while (!existing.empty() && !fs::exists(existing, error) && existing != existing.parent_path())
        existing = existing.parent_path();
    struct statvfs disk {};
    if (statvfs(existing.c_str(), &disk) == 0) {
        facts.free_bytes =
            static_cast<int64_t>(disk.f_bavail) * static_cast<int64_t>(disk.f_frsize);
        facts.total_bytes =
            static_cast<int64_t>(disk.f_blocks) * static_cast<int64_t>(disk.f_frsize);
    }
    return facts;
}

MemoryFacts read_memory(const NodeRoots& roots, const AgentOptions& options,
                        ContainerEngine* engine) {
    MemoryFacts facts;
    std::string meminfo = read_text_file(fs::path(roots.proc) / "meminfo").value_or("");
    facts.total_bytes = meminfo_value(meminfo, "MemTotal").value_or(0);
    facts.available_bytes = meminfo_value(meminfo, "MemAvailable").value_or(0);
    if (fs::exists(options.state_dir)) {
        auto store = FileStateStore::open(options.state_dir);
        if (store.ok()) {
            auto desired = (*store)->load();
            std::vector<ObservedContainer> observed;
            if (engine != nullptr) {
                auto listed = engine->list_by_label(kLabelNode, options.node);
                if (listed.ok()) {
                    for (auto& details : *listed) observed.push_back(std::move(details.observed));
                }
            }
            if (desired.ok() && desired->has_value())
                facts = add_desired_memory(facts, **desired, observed);
        }
    }
    return facts;
}

Status require_memory_cgroup(const NodeRoots& roots) {
    NodeFacts node = detect_facts({.proc_root = roots.proc, .sys_root = roots.sys});
    CheckResult result = check_memory_cgroup(read_cgroup_facts(roots, node.model));
    if (result.verdict == Verdict::kOk) return ok_status();
    return make_error("refusing to start containers: " + result.finding + ". Fix: " + result.fix +
                      ". `edge-agent doctor` checks everything else.");
}

}  // namespace edge
