#include "agent/logs/job_output_reader.h"

#include <string_view>

#include "agent/logs/log_stream.h"
#include "schema/job_messages.h"

namespace edge {

namespace {

// Lines asked of the engine: enough to fill 64 KiB with short lines, without reading the whole
// log of a job that printed gigabytes.
constexpr int kTailLines = 4000;

}  // namespace

JobOutputText read_job_output(LogEngine& engine, const std::string& container_id) {
    std::string text;
    bool dropped = false;
    LogDemuxer demuxer([&](LogStream, std::string line) {
        text += line;
        text += '\n';
        // Bounded while reading: keep at most twice the limit before cutting.
        if (text.size() > 2 * kMaxJobOutputBytes) {
            bool cut = false;
            text = keep_job_output_tail(text, cut);
            dropped = true;
        }
    });
    Status read = engine.stream_logs(
        container_id, "stdout=1&stderr=1&tail=" + std::to_string(kTailLines),
        [&](std::string_view bytes) {
            demuxer.feed(bytes);
            return true;
        },
        [] { return true; });
    demuxer.finish();
    JobOutputText output;
    bool cut = false;
    output.text = keep_job_output_tail(text, cut);
    output.truncated = dropped || cut;
    if (!read) output.text += "[the agent could not read the rest: " + read.error().message + "]\n";
    return output;
}

}  // namespace edge
