// What an agent tells the hub about a job's container that exited (docs/jobs.md): its exit and
// the end of its output, sent once on <prefix>/nodes/<node>/job-output (topics.h) before the
// report that shows the exit, so the hub keeps the output even though it then removes the
// container. The hub takes the node from the topic and stores the output with the run; the
// exit itself it reads from the node's reports, which are repeated, so a lost JobOutput costs
// only the output.
// Decoders are strict like those in messages.h; encoders never fail.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

// The output a run keeps: the last 64 KiB, which holds the error that ended a failed backup.
inline constexpr size_t kMaxJobOutputBytes = 64 * 1024;

struct JobOutput {
    std::string stack;
    std::string service;
    int replica = 0;
    int64_t job_run = 0;
    int job_attempt = 0;
    int exit_code = 0;
    bool oom_killed = false;
    std::string output;      // stdout and stderr interleaved, at most kMaxJobOutputBytes
    bool truncated = false;  // earlier output was dropped to fit
    bool operator==(const JobOutput&) const = default;
};

std::string encode_job_output(const JobOutput& output);
Result<JobOutput> decode_job_output(std::string_view payload);

// The last kMaxJobOutputBytes of `text`, cut at a line start where one is near, never inside
// a UTF-8 sequence; sets `truncated` when anything was dropped.
std::string keep_job_output_tail(std::string_view text, bool& truncated);

}  // namespace edge
