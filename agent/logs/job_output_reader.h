// The output a job's container left (docs/jobs.md): its last lines from the engine's log, stdout
// and stderr interleaved as written, cut to the 64 KiB a run keeps (schema/job_messages.h).
// Thread-safety: one call at a time per LogEngine call (see log_engine.h).
#pragma once

#include <string>

#include "agent/engine/log_engine.h"
#include "core/result.h"

namespace edge {

struct JobOutputText {
    std::string text;
    bool truncated = false;  // earlier output was dropped
};

JobOutputText read_job_output(LogEngine& engine, const std::string& container_id);

}  // namespace edge
