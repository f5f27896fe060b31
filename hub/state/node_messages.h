// What the hub does with what agents publish: status (online + facts, or the will message
// saying the node is gone) and reports (observed containers). Both arrive already decoded
// and checked against their topic.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include "hub/state/observed_state.h"
#include "hub/state/transition.h"
#include "schema/messages.h"

namespace edge {

// Upserts the node's facts, online flag and last_seen; re-plans when a node joins or its facts
// change. The liveness check (hub/state/liveness.h) turns the online flag into state changes. A
// node that comes online gets its desired set republished, so it never depends on the broker having
// kept the retained copy.
Result<Outcome> handle_status(HandlerContext& ctx, const NodeStatus& status);

// Keeps the report in `observed` (it is also the node's heartbeat). A node that is not ready
// and has not applied its newest set gets that set again. If the node has seen a generation above
// the stored one (the database was restored from an older backup), moves the stored generation past
// it and republishes, because an agent ignores desired sets older than what it has applied.
Result<Outcome> handle_report(HandlerContext& ctx, ObservedState& observed,
                              const NodeReport& report);

}  // namespace edge
