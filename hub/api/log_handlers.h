// The hub's side of `edgectl logs`: opening, renewing and stopping log sessions (request ops
// logs, logs.renew, logs.stop in schema/requests.h), and relaying the nodes' log batches to
// the session's edgectl (routing in schema/topics.h). The hub keeps no log lines: each batch
// is checked against the open sessions and passed on at once.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hub/api/log_sessions.h"
#include "hub/state/transition.h"
#include "schema/topics.h"

namespace edge {

// How long a session lives without renewal; edgectl renews every few seconds.
inline constexpr int64_t kLogLeaseMs = 10000;

struct LogRouting {
    LogSessions& sessions;
    const Topics& topics;
};

bool is_logs_op(const std::string& op);

// Answers logs, logs.renew and logs.stop; the Outcome carries the commands to the nodes.
Outcome handle_logs_request(const ClusterState& state, LogRouting routing, const Request& request,
                            int64_t now_ms);

// A batch published on <prefix>/nodes/<node>/log. An error means the batch is bad input (the
// caller rejects it); an expected straggler of a closed session gives an empty Outcome.
Result<Outcome> relay_log_batch(LogRouting routing, const std::string& node,
                                std::string_view payload, int64_t now_ms);

// Closes the sessions whose lease ran out and tells their nodes to stop.
Outcome expire_log_sessions(LogRouting routing, int64_t now_ms);

}  // namespace edge
