#include "schema/job_messages.h"

#include <nlohmann/json.hpp>

#include "core/environments.h"
#include "core/names.h"
#include "schema/json_fields.h"
#include "schema/json_reader.h"
#include "schema/messages.h"

namespace edge {

using nlohmann::json;

std::string encode_job_output(const JobOutput& output) {
    json object = {{"v", kSchemaVersion},           {"stack", output.stack},
                   {"service", output.service},     {"replica", output.replica},
                   {"job_run", output.job_run},     {"job_attempt", output.job_attempt},
                   {"exit_code", output.exit_code}, {"oom_killed", output.oom_killed},
                   {"output", output.output},       {"truncated", output.truncated}};
    // Container output need not be UTF-8; invalid bytes become U+FFFD rather than an error.
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<JobOutput> decode_job_output(std::string_view payload) {
    // Invalid UTF-8 bytes become U+FFFD (3 bytes) and JSON escapes take up to 6: allow for both.
    if (payload.size() > 6 * kMaxJobOutputBytes + 4096) {
        return make_error("job output of " + std::to_string(payload.size()) + " bytes is too big");
    }
    auto document = parse_message_envelope(payload);
    if (!document) return document.error();
    std::string error;
    JsonReader reader(*document, "", &error);
    JobOutput output;
    output.stack = reader.string("stack", kMaxStackKeyLength);
    if (reader.ok()) {
        if (Status valid = validate_stack_key(output.stack); !valid) {
            reader.reject("stack", valid.error().message);
        }
    }
    output.service = reader.string("service", kMaxNameLength);
    if (reader.ok()) {
        if (Status valid = validate_name("service", output.service); !valid) {
            reader.reject("service", valid.error().message);
        }
    }
    output.replica = static_cast<int>(reader.integer("replica", 0, 100000));
    output.job_run = reader.integer("job_run", 1, kMaxJobRunId);
    output.job_attempt = static_cast<int>(reader.integer("job_attempt", 1, 1'000'000));
    output.exit_code = static_cast<int>(reader.integer("exit_code", -1'000'000, 1'000'000));
    output.oom_killed = reader.boolean("oom_killed", false, false);
    output.output = reader.string("output", 3 * kMaxJobOutputBytes, false);
    output.truncated = reader.boolean("truncated", false, false);
    return finish_decoding(error, output);
}

std::string keep_job_output_tail(std::string_view text, bool& truncated) {
    truncated = false;
    if (text.size() <= kMaxJobOutputBytes) return std::string(text);
    truncated = true;
    size_t start = text.size() - kMaxJobOutputBytes;
    // Start at the next line when it begins within 1 KiB, so the kept text opens cleanly.
    size_t newline = text.find('\n', start);
    if (newline != std::string_view::npos && newline + 1 - start <= 1024) {
        start = newline + 1;
    } else {
        // Never inside a UTF-8 sequence: skip continuation bytes (10xxxxxx).
        while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
            ++start;
        }
    }
    return std::string(text.substr(start));
}

}  // namespace edge
