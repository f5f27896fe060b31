// The one message schema shared by hub, agent and edgectl. Every payload is a JSON object
// with "v": kSchemaVersion. Decoders are strict: they check the payload size, the schema
// version, every field's type, string lengths and numeric ranges, and return an Error naming
// the offending field instead of throwing. Encoders never fail.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/result.h"

namespace edge {

inline constexpr int kSchemaVersion = 1;

// Default limits, documented in the README. A desired set or a deploy request for a large
// stack is the biggest legitimate payload; 4 MiB leaves room for hundreds of containers.
inline constexpr size_t kMaxMessageBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxStringLength = 4096;  // one image name, command word, env value
inline constexpr size_t kMaxListLength = 10000;   // containers in a set, env entries, ports

struct NodeStatus {
    std::string node;
    bool online = false;
    NodeFacts facts;  // meaningful only when online
    std::string agent_version;
    bool operator==(const NodeStatus&) const = default;
};

struct Event {
    int64_t id = 0;
    int64_t time_ms = 0;  // unix epoch milliseconds
    std::string kind;     // node, placement, deploy, remove, rejected, ...
    std::string subject;  // node, stack/service, or topic the event is about
    std::string message;
    bool operator==(const Event&) const = default;
};

// A request from edgectl to the hub. `op` names the operation, `args` holds its arguments.
struct Request {
    std::string op;
    nlohmann::json args = nlohmann::json::object();
};

struct Response {
    bool ok = false;
    std::string error;    // set when !ok
    nlohmann::json data;  // operation-specific result
};

// Parses a payload and checks its size (kMaxMessageBytes) and schema version; for decoders of
// messages defined outside this file (e.g. security/join_messages.h).
Result<nlohmann::json> parse_message_envelope(std::string_view payload);

std::string encode_desired(const DesiredSet& set);
Result<DesiredSet> decode_desired(std::string_view payload);

std::string encode_status(const NodeStatus& status);
Result<NodeStatus> decode_status(std::string_view payload);

std::string encode_report(const NodeReport& report);
Result<NodeReport> decode_report(std::string_view payload);

std::string encode_event(const Event& event);
Result<Event> decode_event(std::string_view payload);
nlohmann::json event_to_json(const Event& event);

std::string encode_request(const Request& request);
Result<Request> decode_request(std::string_view payload);

std::string encode_response(const Response& response);
Result<Response> decode_response(std::string_view payload);

// StackSpec travels inside a deploy request and is stored by the hub as JSON.
nlohmann::json stack_to_json(const StackSpec& stack);
Result<StackSpec> stack_from_json(const nlohmann::json& json);
nlohmann::json service_to_json(const ServiceSpec& service);
Result<ServiceSpec> service_from_json(const nlohmann::json& json);

nlohmann::json facts_to_json(const NodeFacts& facts);
Result<NodeFacts> facts_from_json(const nlohmann::json& json);

// A short stable hash of everything about a container that, when changed, needs a new
// container. The replica index is left out so all replicas of one spec share a hash.
std::string spec_hash(const DesiredContainer& container);

}  // namespace edge
