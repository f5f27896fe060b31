#include "schema/messages.h"
#include "schema/json_fields.h"

#include <limits>

#include "core/environments.h"
#include "core/names.h"
#include "schema/bind_origin_json.h"
#include "schema/file_refs_json.h"
#include "schema/health_json.h"
#include "schema/job_json.h"
#include "schema/json_reader.h"
#include "schema/network_json.h"
#include "schema/node_extras_json.h"
#include "schema/runtime_json.h"
#include "schema/subnet_json.h"
#include "schema/update_json.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxImageLength = 512;

// Parses the payload and checks the size and the schema version; the one place where the
// JSON library's exceptions are turned into error values.
Result<json> parse_envelope(std::string_view payload) {
    if (payload.size() > kMaxMessageBytes) {
        return make_error("message of " + std::to_string(payload.size()) +
                          " bytes exceeds the limit of " + std::to_string(kMaxMessageBytes));
    }
    json document = json::parse(payload.begin(), payload.end(), nullptr, false);
    if (document.is_discarded()) return make_error("message is not valid JSON");
    if (!document.is_object()) return make_error("message is not a JSON object");
    auto version = document.find("v");
    if (version == document.end() || !version->is_number_integer()) {
        return make_error("message has no schema version \"v\"");
    }
    if (version->get<int64_t>() != kSchemaVersion) {
        return make_error("message has schema version " + version->dump() + ", expected " +
                          std::to_string(kSchemaVersion));
    }
    return document;
}

}  // namespace

Result<json> parse_message_envelope(std::string_view payload) {
    return parse_envelope(payload);
}

namespace {

json ports_to_json(const std::vector<PortMapping>& ports) {
    json list = json::array();
    for (const auto& port : ports) {
        list.push_back({{"container", port.container_port},
                        {"host", port.host_port},
                        {"protocol", port.protocol},
                        {"host_ip", port.host_ip}});
    }
    return list;
}

std::vector<PortMapping> ports_from(JsonReader& reader) {
    std::vector<PortMapping> ports;
    reader.objects(
        "ports",
        [&](JsonReader& item) {
            PortMapping port;
            port.container_port = static_cast<uint16_t>(item.integer("container", 1, 65535));
            port.host_port = static_cast<uint16_t>(item.integer("host", 0, 65535, false));
            port.protocol = item.string("protocol", 8, false);
            if (port.protocol.empty()) port.protocol = "tcp";
            if (port.protocol != "tcp" && port.protocol != "udp")
                item.fail("protocol", "tcp or udp");
            port.host_ip = item.string("host_ip", 64, false);
            ports.push_back(port);
        },
        false);
    return ports;
}

json volumes_to_json(const std::vector<VolumeMount>& volumes) {
    json list = json::array();
    for (const auto& volume : volumes) {
        json item = {{"type", volume_kind_name(volume.kind)},
                     {"source", volume.source},
                     {"target", volume.target},
                     {"read_only", volume.read_only}};
        // Only what is not a default, so existing specs keep their spec hashes.
        put_volume_options(item, volume);
        put_bind_origin(item, volume);
        list.push_back(std::move(item));
    }
    return list;
}

std::vector<VolumeMount> volumes_from(JsonReader& reader) {
    std::vector<VolumeMount> volumes;
    reader.objects(
        "volumes",
        [&](JsonReader& item) {
            VolumeMount volume;
            std::string type = item.string("type", 16);
            if (type == "volume") {
                volume.kind = VolumeMount::Kind::kNamed;
            } else if (type == "bind") {
                volume.kind = VolumeMount::Kind::kBind;
            } else if (type == "tmpfs") {
                volume.kind = VolumeMount::Kind::kTmpfs;
            } else if (item.ok()) {
                item.fail("type", "volume, bind or tmpfs");
            }
            volume.source = item.string("source", kMaxStringLength, false);
            volume.target = item.string("target", kMaxStringLength);
            volume.read_only = item.boolean("read_only", false);
            read_volume_options(item, volume);
            read_bind_origin(item, volume);
            volumes.push_back(volume);
        },
        false);
    return volumes;
}

void put_optional_list(json& object, const char* key,
                       const std::optional<std::vector<std::string>>& list) {
    if (list) object[key] = *list;
}

RestartPolicy restart_from(JsonReader& reader) {
    std::string text = reader.string("restart", 16, false);
    if (text.empty()) return RestartPolicy::kAlways;
    auto policy = restart_policy_from(text);
    if (!policy) {
        reader.fail("restart", "no, always, on-failure or unless-stopped");
        return RestartPolicy::kAlways;
    }
    return *policy;
}

json container_to_json(const DesiredContainer& c) {
    json object = {{"stack", c.stack},
                   {"service", c.service},
                   {"replica", c.replica},
                   {"image", c.image},
                   {"environment", c.environment},
                   {"ports", ports_to_json(c.ports)},
                   {"volumes", volumes_to_json(c.volumes)},
                   {"restart", to_string(c.restart)},
                   {"memory_limit", c.memory_limit},
                   {"spec_hash", c.spec_hash}};
    put_optional_list(object, "command", c.command);
    put_optional_list(object, "entrypoint", c.entrypoint);
    put_health(object, c.healthcheck, c.http_check);
    put_container_networking(object, c);
    put_runtime(object, c.runtime);
    if (c.start_first) object["start_first"] = true;
    put_file_refs(object, c.secrets, c.configs);
    if (c.stop_after_disconnect_ms > 0) {
        object["stop_after_disconnect_ms"] = c.stop_after_disconnect_ms;
    }
    if (c.job_run != 0) {
        object["job_run"] = c.job_run;
        object["job_attempt"] = c.job_attempt;
    }
    return object;
}

void check_name(JsonReader& reader, const char* key, const std::string& what,
                const std::string& value) {
    if (!reader.ok()) return;
    Status valid = validate_name(what, value);
    if (!valid.ok()) reader.reject(key, valid.error().message);
}

// A stack field holds a stack key (core/environments.h): "web" or "web@preprod".
void check_stack_key(JsonReader& reader, const char* key, const std::string& value) {
    if (!reader.ok()) return;
    Status valid = validate_stack_key(value);
    if (!valid.ok()) reader.reject(key, valid.error().message);
}

DesiredContainer container_from(JsonReader& item) {
    DesiredContainer c;
    c.stack = item.string("stack", kMaxStackKeyLength);
    check_stack_key(item, "stack", c.stack);
    c.service = item.string("service", kMaxNameLength);
    check_name(item, "service", "service", c.service);
    c.replica = static_cast<int>(item.integer("replica", 0, 100000));
    c.image = item.string("image", kMaxImageLength);
    if (item.ok() && c.image.empty()) item.fail("image", "a non-empty image reference");
    c.command = item.optional_string_list("command");
    c.entrypoint = item.optional_string_list("entrypoint");
    c.environment = item.string_map("environment");
    c.ports = ports_from(item);
    c.volumes = volumes_from(item);
    c.restart = restart_from(item);
    c.memory_limit = item.integer("memory_limit", 4 * 1024 * 1024, kMaxBytes);
    c.spec_hash = item.string("spec_hash", 64);
    read_health(item, c.healthcheck, c.http_check);
    read_container_networking(item, c);
    read_runtime(item, c.runtime, true);
    read_file_refs(item, c.secrets, c.configs);
    c.start_first = item.boolean("start_first", false);
    c.stop_after_disconnect_ms = item.integer("stop_after_disconnect_ms", 0, kMaxDurationMs, false);
    c.job_run = item.integer("job_run", 0, kMaxJobRunId, false);
    c.job_attempt = static_cast<int>(item.integer("job_attempt", 0, 1'000'000, false));
    return c;
}

json observed_to_json(const ObservedContainer& c) {
    json object = {{"id", c.id},
                   {"name", c.name},
                   {"stack", c.stack},
                   {"service", c.service},
                   {"replica", c.replica},
                   {"spec_hash", c.spec_hash},
                   {"generation", c.generation},
                   {"state", c.state},
                   {"exit_code", c.exit_code},
                   {"oom_killed", c.oom_killed},
                   {"memory_limit", c.memory_limit}};
    // Left out while unknown: most reports are of images whose digest is already known.
    if (!c.image_id.empty()) object["image_id"] = c.image_id;
    if (!c.image_digest.empty()) object["image_digest"] = c.image_digest;
    put_insight(object, c);
    return object;
}

ObservedContainer observed_from(JsonReader& item) {
    ObservedContainer c;
    c.id = item.string("id", 128);
    c.name = item.string("name", 256, false);
    c.stack = item.string("stack", kMaxStackKeyLength);
    c.service = item.string("service", kMaxNameLength);
    c.replica = static_cast<int>(item.integer("replica", 0, 100000));
    c.spec_hash = item.string("spec_hash", 64, false);
    c.generation = item.integer("generation", 0, kMaxBytes, false);
    c.state = item.string("state", 32);
    c.exit_code = static_cast<int>(item.integer("exit_code", -1000, 1000, false));
    c.oom_killed = item.boolean("oom_killed", false);
    c.memory_limit = item.integer("memory_limit", 0, kMaxBytes, false);
    // Agents older than promote do not report the image.
    c.image_id = item.string("image_id", 128, false);
    c.image_digest = item.string("image_digest", 512, false);
    read_insight(item, c);
    return c;
}

}  // namespace

json facts_to_json(const NodeFacts& facts) {
    json object = {{"memory_total", facts.memory_total},
                   {"arch", facts.arch},
                   {"cpus", facts.cpus},
                   {"storage", to_string(facts.storage)},
                   {"model", facts.model}};
    put_node_address(object, facts);
    put_node_extras(object, facts);
    put_networks_in_use(object, facts);
    return object;
}

namespace {
NodeFacts facts_from(JsonReader& reader) {
    NodeFacts facts;
    facts.memory_total = reader.integer("memory_total", 0, kMaxBytes);
    facts.arch = reader.string("arch", 32);
    facts.cpus = static_cast<int>(reader.integer("cpus", 0, 4096));
    auto storage = storage_kind_from(reader.string("storage", 16));
    if (reader.ok() && !storage) reader.fail("storage", "sd, emmc, ssd, hdd or unknown");
    facts.storage = storage.value_or(StorageKind::kUnknown);
    facts.model = reader.string("model", 256, false);
    read_node_address(reader, facts);
    read_node_extras(reader, facts);
    read_networks_in_use(reader, facts);
    return facts;
}
}  // namespace

Result<NodeFacts> facts_from_json(const json& object) {
    std::string error;
    JsonReader reader(object, "facts", &error);
    NodeFacts facts = facts_from(reader);
    return finish_decoding(error, facts);
}

std::string encode_desired(const DesiredSet& set) {
    json containers = json::array();
    for (const auto& c : set.containers) containers.push_back(container_to_json(c));
    return json{{"v", kSchemaVersion},
                {"node", set.node},
                {"generation", set.generation},
                {"containers", containers}}
        .dump();
}

Result<DesiredSet> decode_desired(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    DesiredSet set;
    set.node = reader.string("node", kMaxNameLength);
    check_name(reader, "node", "node", set.node);
    set.generation = reader.integer("generation", 0, kMaxBytes);
    reader.objects("containers",
                   [&](JsonReader& item) { set.containers.push_back(container_from(item)); });
    return finish_decoding(error, set);
}

std::string encode_status(const NodeStatus& status) {
    json object = {{"v", kSchemaVersion},
                   {"node", status.node},
                   {"online", status.online},
                   {"agent_version", status.agent_version}};
    if (status.online) object["facts"] = facts_to_json(status.facts);
    return object.dump();
}

Result<NodeStatus> decode_status(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    NodeStatus status;
    status.node = reader.string("node", kMaxNameLength);
    check_name(reader, "node", "node", status.node);
    status.online = reader.boolean("online");
    status.agent_version = reader.string("agent_version", 64, false);
    if (status.online && reader.ok()) {
        JsonReader facts = reader.object("facts");
        status.facts = facts_from(facts);
    }
    return finish_decoding(error, status);
}

std::string encode_report(const NodeReport& report) {
    json containers = json::array();
    for (const auto& c : report.containers) containers.push_back(observed_to_json(c));
    json failures = json::array();
    for (const auto& f : report.failures) {
        json failure = {{"stack", f.stack},
                        {"service", f.service},
                        {"replica", f.replica},
                        {"spec_hash", f.spec_hash},
                        {"message", f.message}};
        if (f.stage == CreateFailure::Stage::kStart) failure["stage"] = "start";
        if (f.attempts > 0) failure["attempts"] = f.attempts;
        if (f.retry_at_ms > 0) failure["retry_at_ms"] = f.retry_at_ms;
        failures.push_back(std::move(failure));
    }
    json encoded = {{"v", kSchemaVersion},
                    {"node", report.node},
                    {"observed_generation", report.observed_generation},
                    {"memory_used", report.memory_used},
                    {"containers", containers},
                    {"failures", failures}};
    if (!report.pulls.empty()) {
        json pulls = json::array();
        for (const auto& pull : report.pulls) {
            pulls.push_back({{"image", pull.image},
                             {"done_bytes", pull.done_bytes},
                             {"total_bytes", pull.total_bytes}});
        }
        encoded["pulls"] = std::move(pulls);
    }
    return encoded.dump();
}

Result<NodeReport> decode_report(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    NodeReport report;
    report.node = reader.string("node", kMaxNameLength);
    check_name(reader, "node", "node", report.node);
    report.observed_generation = reader.integer("observed_generation", 0, kMaxBytes);
    report.memory_used = reader.integer("memory_used", 0, kMaxBytes, false);
    reader.objects("containers",
                   [&](JsonReader& item) { report.containers.push_back(observed_from(item)); });
    // Optional: agents older than rolling updates do not send it.
    reader.objects(
        "failures",
        [&](JsonReader& item) {
            CreateFailure& failure = report.failures.emplace_back();
            failure.stack = item.string("stack", kMaxStackKeyLength);
            failure.service = item.string("service", kMaxNameLength);
            failure.replica = static_cast<int>(item.integer("replica", 0, 1000));
            failure.spec_hash = item.string("spec_hash", 64);
            failure.message = item.string("message", 4096);
            // Optional: agents older than create retries do not send them.
            failure.attempts = static_cast<int>(item.integer("attempts", 0, 1 << 20, false));
            failure.retry_at_ms = item.integer("retry_at_ms", 0, kLatestUnixMs, false);
            std::string stage = item.string("stage", 16, false);
            if (stage == "start") {
                failure.stage = CreateFailure::Stage::kStart;
            } else if (!stage.empty() && stage != "create") {
                item.fail("stage", "create or start");
            }
        },
        false);
    // Optional: only in the reports an agent repeats while it pulls.
    reader.objects(
        "pulls",
        [&](JsonReader& item) {
            ImagePull& pull = report.pulls.emplace_back();
            pull.image = item.string("image", kMaxImageLength);
            pull.done_bytes = item.integer("done_bytes", 0, kMaxBytes);
            pull.total_bytes = item.integer("total_bytes", 0, kMaxBytes);
        },
        false);
    return finish_decoding(error, report);
}

json event_to_json(const Event& event) {
    return {{"id", event.id},
            {"time_ms", event.time_ms},
            {"kind", event.kind},
            {"subject", event.subject},
            {"message", event.message}};
}

std::string encode_event(const Event& event) {
    json object = event_to_json(event);
    object["v"] = kSchemaVersion;
    return object.dump();
}

Result<Event> decode_event(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    Event event;
    event.id = reader.integer("id", 0, kMaxBytes, false);
    event.time_ms = reader.integer("time_ms", 0, kMaxBytes);
    event.kind = reader.string("kind", 64);
    event.subject = reader.string("subject", 512, false);
    event.message = reader.string("message", kMaxStringLength);
    return finish_decoding(error, event);
}

std::string encode_request(const Request& request) {
    json args = request.args.is_null() ? json::object() : request.args;
    return json{{"v", kSchemaVersion}, {"op", request.op}, {"args", args}}.dump();
}

Result<Request> decode_request(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    Request request;
    request.op = reader.string("op", 64);
    if (reader.has("args") && !(*document)["args"].is_null()) {
        const json& args = (*document)["args"];
        if (!args.is_object()) reader.fail("args", "an object");
        request.args = args;
    }
    return finish_decoding(error, request);
}

std::string encode_response(const Response& response) {
    json object = {{"v", kSchemaVersion}, {"ok", response.ok}};
    if (!response.error.empty()) object["error"] = response.error;
    if (!response.data.is_null()) object["data"] = response.data;
    return object.dump();
}

Result<Response> decode_response(std::string_view payload) {
    auto document = parse_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    Response response;
    response.ok = reader.boolean("ok");
    response.error = reader.string("error", 1 << 20, false);
    if (reader.has("data")) response.data = (*document)["data"];
    return finish_decoding(error, response);
}

json service_to_json(const ServiceSpec& s) {
    json constraints = json::array();
    for (const auto& c : s.constraints) {
        constraints.push_back({{"key", c.key}, {"equal", c.equal}, {"value", c.value}});
    }
    json object = {{"name", s.name},
                   {"image", s.image},
                   {"environment", s.environment},
                   {"ports", ports_to_json(s.ports)},
                   {"volumes", volumes_to_json(s.volumes)},
                   {"restart", to_string(s.restart)},
                   {"memory_limit", s.memory_limit},
                   {"memory_reservation", s.memory_reservation},
                   {"replicas", s.replicas},
                   {"global", s.global},
                   {"constraints", constraints},
                   {"class", to_string(s.service_class)},
                   {"allow_low_power", s.allow_low_power}};
    put_optional_list(object, "command", s.command);
    put_optional_list(object, "entrypoint", s.entrypoint);
    put_health(object, s.healthcheck, s.http_check);
    put_service_networking(object, s);
    put_update_configs(object, s);
    put_runtime(object, s.runtime);
    put_file_refs(object, s.secrets, s.configs);
    put_job(object, s.job);
    if (s.stop_after_disconnect_ms > 0) {
        object["stop_after_disconnect_ms"] = s.stop_after_disconnect_ms;
    }
    // Left out at their defaults, so specs stored before learned limits read back the same.
    if (s.memory_mode != MemoryMode::kDefault) object["memory_mode"] = to_string(s.memory_mode);
    if (!s.memory_limit_stated) object["memory_limit_stated"] = false;
    return object;
}

namespace {
ServiceSpec service_from(JsonReader& item) {
    ServiceSpec s;
    s.name = item.string("name", kMaxNameLength);
    check_name(item, "name", "service", s.name);
    s.image = item.string("image", kMaxImageLength);
    if (item.ok() && s.image.empty()) item.fail("image", "a non-empty image reference");
    s.command = item.optional_string_list("command");
    s.entrypoint = item.optional_string_list("entrypoint");
    s.environment = item.string_map("environment");
    s.ports = ports_from(item);
    s.volumes = volumes_from(item);
    s.restart = restart_from(item);
    s.memory_limit = item.integer("memory_limit", 4 * 1024 * 1024, kMaxBytes);
    s.memory_reservation = item.integer("memory_reservation", 0, kMaxBytes);
    s.replicas = static_cast<int>(item.integer("replicas", 0, 1000));
    s.global = item.boolean("global", false);
    item.objects(
        "constraints",
        [&](JsonReader& c) {
            Constraint constraint;
            constraint.key = c.string("key", 256);
            constraint.equal = c.boolean("equal");
            constraint.value = c.string("value", 256);
            s.constraints.push_back(constraint);
        },
        false);
    std::string service_class = item.string("class", 16, false);
    if (service_class == "database") {
        s.service_class = ServiceClass::kDatabase;
    } else if (service_class == "stateless") {
        s.service_class = ServiceClass::kStateless;
    } else if (!service_class.empty() && service_class != "auto") {
        item.fail("class", "auto, database or stateless");
    }
    s.allow_low_power = item.boolean("allow_low_power", false);
    read_health(item, s.healthcheck, s.http_check);
    read_service_networking(item, s);
    read_update_configs(item, s);
    read_runtime(item, s.runtime, false);
    read_file_refs(item, s.secrets, s.configs);
    read_job(item, s.job);
    s.stop_after_disconnect_ms = item.integer("stop_after_disconnect_ms", 0, kMaxDurationMs, false);
    std::string memory_mode = item.string("memory_mode", 16, false);
    if (!memory_mode.empty()) {
        auto mode = memory_mode_from(memory_mode);
        if (mode) {
            s.memory_mode = *mode;
        } else {
            item.fail("memory_mode", "default, fixed, auto or recommend");
        }
    }
    s.memory_limit_stated = item.boolean("memory_limit_stated", false, true);
    return s;
}
}  // namespace

Result<ServiceSpec> service_from_json(const json& object) {
    std::string error;
    JsonReader reader(object, "service", &error);
    ServiceSpec service = service_from(reader);
    return finish_decoding(error, service);
}

json stack_to_json(const StackSpec& stack) {
    json services = json::array();
    for (const auto& s : stack.services) services.push_back(service_to_json(s));
    return {{"name", stack.name}, {"services", services}};
}

Result<StackSpec> stack_from_json(const json& object) {
    std::string error;
    JsonReader reader(object, "stack", &error);
    StackSpec stack;
    stack.name = reader.string("name", kMaxStackKeyLength);
    check_stack_key(reader, "name", stack.name);
    reader.objects("services",
                   [&](JsonReader& item) { stack.services.push_back(service_from(item)); });
    return finish_decoding(error, stack);
}

std::string spec_hash(const DesiredContainer& container) {
    DesiredContainer canonical = container;
    canonical.replica = 0;
    canonical.spec_hash.clear();
    // The agent runs the HTTP check from outside the container: changing it needs no new one.
    canonical.http_check.reset();
    // Start order matters only for first starts; changing it needs no new container.
    canonical.depends_on.clear();
    // How a replacement is ordered concerns the old container, not the new one.
    canonical.start_first = false;
    // The agent stops a cut-off replica itself; the container is the same either way.
    canonical.stop_after_disconnect_ms = 0;
    // The network's subnet is fixed when the network is made; a container never needs
    // replacing for it (and stacks that predate the subnet pool keep their containers).
    canonical.network_subnet.clear();
    canonical.network_gateway.clear();
    std::string text = container_to_json(canonical).dump();
    // FNV-1a, 64 bit: stable across builds and architectures, unlike std::hash.
    uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    static const char* const kHex = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kHex[hash & 0xf];
    return out;
}

}  // namespace edge
