// LogEngine: reading a container's logs from the engine, for `edgectl logs`. A separate
// interface, like NetworkEngine, so engines without it (a unit test's fake) need not offer it.
// Thread-safety: implementations must allow concurrent calls (one per followed container).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace edge {

class LogEngine {
  public:
    virtual ~LogEngine() = default;
    // Streams GET /containers/{id}/logs?{query} (see agent/logs/log_stream.h for the body's
    // format), handing raw body bytes to `on_data`. Returns when the body ends, or early and
    // successfully when `on_data` or `keep_going()` returns false; keep_going is asked about once a
    // second.
    virtual Status stream_logs(const std::string& container_id, const std::string& query,
                               const std::function<bool(std::string_view)>& on_data,
                               const std::function<bool()>& keep_going) = 0;
};

}  // namespace edge
