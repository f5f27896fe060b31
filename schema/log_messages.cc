#include "schema/log_messages.h"
#include "schema/json_fields.h"

#include <nlohmann/json.hpp>

#include "core/environments.h"
#include "core/names.h"
#include "schema/json_reader.h"
#include "schema/messages.h"

namespace edge {

using nlohmann::json;

namespace {

constexpr const char* kCutMark = " [...]";

// Container output is bytes, not necessarily UTF-8: invalid sequences become U+FFFD rather
// than making the encoder throw.
std::string dump(const json& object) {
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

const char* to_string(LogsOp op) {
    switch (op) {
        case LogsOp::kStart:
            return "start";
        case LogsOp::kRenew:
            return "renew";
        case LogsOp::kStop:
            return "stop";
    }
    return "start";
}

Status validate_log_session(const std::string& session) {
    if (session.size() < 8 || session.size() > kMaxLogSessionIdLength) {
        return make_error("log session id must have 8 to 64 characters");
    }
    for (char c : session) {
        bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
        if (!allowed) return make_error("log session id may hold only A-Z, a-z, 0-9, - and _");
    }
    return ok_status();
}

std::string cap_log_line(std::string_view text) {
    if (text.size() <= kMaxLogLineBytes) return std::string(text);
    size_t cut = kMaxLogLineBytes - std::char_traits<char>::length(kCutMark);
    // Step back over UTF-8 continuation bytes so the cut never splits a character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + kCutMark;
}

std::string encode_logs_command(const LogsCommand& command) {
    json object = {
        {"v", kSchemaVersion}, {"op", to_string(command.op)}, {"session", command.session}};
    if (command.op == LogsOp::kStart) {
        object["stack"] = command.stack;
        object["service"] = command.service;
        object["replicas"] = command.replicas;
        object["tail"] = command.tail;
        object["since_s"] = command.since_s;
        object["follow"] = command.follow;
    }
    if (command.op != LogsOp::kStop) object["lease_ms"] = command.lease_ms;
    return dump(object);
}

Result<LogsCommand> decode_logs_command(std::string_view payload) {
    auto document = parse_message_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    LogsCommand command;
    std::string op = reader.string("op", 16);
    if (op == "start") {
        command.op = LogsOp::kStart;
    } else if (op == "renew") {
        command.op = LogsOp::kRenew;
    } else if (op == "stop") {
        command.op = LogsOp::kStop;
    } else if (reader.ok()) {
        reader.fail("op", "start, renew or stop");
    }
    command.session = reader.string("session", kMaxLogSessionIdLength);
    if (reader.ok()) {
        if (Status valid = validate_log_session(command.session); !valid) {
            reader.reject("session", valid.error().message);
        }
    }
    if (command.op == LogsOp::kStart) {
        command.stack = reader.string("stack", kMaxStackKeyLength);
        command.service = reader.string("service", kMaxNameLength);
        if (reader.ok()) {
            if (Status s = validate_stack_key(command.stack); !s) {
                reader.reject("stack", s.error().message);
            } else if (Status t = validate_name("service", command.service); !t) {
                reader.reject("service", t.error().message);
            }
        }
        auto replicas = document->find("replicas");
        if (reader.ok() && (replicas == document->end() || !replicas->is_array() ||
                            replicas->empty() || replicas->size() > 1000)) {
            reader.fail("replicas", "an array of 1 to 1000 replica numbers");
        }
        if (reader.ok()) {
            for (const auto& replica : *replicas) {
                if (!replica.is_number_integer() || replica.get<int64_t>() < 0 ||
                    replica.get<int64_t>() > 100000) {
                    reader.fail("replicas", "replica numbers from 0 to 100000");
                    break;
                }
                command.replicas.push_back(replica.get<int>());
            }
        }
        command.tail = reader.integer("tail", -1, kMaxLogTail, false, -1);
        command.since_s = reader.integer("since_s", 0, INT64_C(1) << 40, false, 0);
        command.follow = reader.boolean("follow", false, false);
    }
    if (command.op != LogsOp::kStop)
        command.lease_ms = reader.integer("lease_ms", 1000, kMaxLogLeaseMs);
    return finish_decoding(error, command);
}

std::string encode_log_batch(const LogBatch& batch) {
    json lines = json::array();
    for (const auto& line : batch.lines) {
        lines.push_back({{"replica", line.replica},
                         {"stream", line.stream == LogStream::kStderr ? "err" : "out"},
                         {"text", line.text}});
    }
    json object = {{"v", kSchemaVersion},
                   {"session", batch.session},
                   {"node", batch.node},
                   {"lines", lines},
                   {"end", batch.end}};
    if (!batch.error.empty()) object["error"] = batch.error;
    return dump(object);
}

Result<LogBatch> decode_log_batch(std::string_view payload) {
    // A batch holds at most kMaxLogBatchBytes of text; JSON escaping can at most sextuple it.
    if (payload.size() > 6 * kMaxLogBatchBytes + 4096) {
        return make_error("log batch of " + std::to_string(payload.size()) + " bytes is too big");
    }
    auto document = parse_message_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    LogBatch batch;
    batch.session = reader.string("session", kMaxLogSessionIdLength);
    if (reader.ok()) {
        if (Status valid = validate_log_session(batch.session); !valid) {
            reader.reject("session", valid.error().message);
        }
    }
    batch.node = reader.string("node", kMaxNameLength);
    batch.end = reader.boolean("end", false, false);
    batch.error = reader.string("error", kMaxStringLength, false);
    size_t text_bytes = 0;
    reader.objects("lines", [&](JsonReader& item) {
        LogLine line;
        line.replica = static_cast<int>(item.integer("replica", 0, 100000));
        std::string stream = item.string("stream", 8);
        if (stream == "err") {
            line.stream = LogStream::kStderr;
        } else if (stream != "out" && item.ok()) {
            item.fail("stream", "\"out\" or \"err\"");
        }
        // Invalid UTF-8 bytes become U+FFFD (3 bytes) when encoded, so allow for that growth.
        line.text = item.string("text", 3 * kMaxLogLineBytes);
        text_bytes += line.text.size();
        batch.lines.push_back(std::move(line));
    });
    if (reader.ok() && batch.lines.size() > kMaxLogBatchLines) {
        reader.fail("lines", "at most " + std::to_string(kMaxLogBatchLines) + " lines");
    }
    if (reader.ok() && text_bytes > 3 * kMaxLogBatchBytes) {
        reader.fail("lines", "at most " + std::to_string(kMaxLogBatchBytes) + " bytes of text");
    }
    return finish_decoding(error, batch);
}

}  // namespace edge
