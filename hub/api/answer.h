// How request handlers turn their results into an Outcome with a response, shared by every
// family of handlers (request_handlers.cc, node_admin.cc).
// Thread-safety: plain functions over values.
#pragma once

#include <nlohmann/json.hpp>

#include "hub/state/transition.h"

namespace edge {

// An Outcome that only answers: with the data, or with the error.
inline Outcome answer(Result<nlohmann::json> data) {
    Outcome outcome;
    Response response;
    response.ok = data.ok();
    if (data.ok()) {
        response.data = std::move(*data);
    } else {
        response.error = data.error().message;
    }
    outcome.response = std::move(response);
    return outcome;
}

// Commits `next` and answers with `data()`, computed from the state after the commit.
template <typename MakeData>
Outcome commit_and_answer(HandlerContext& ctx, ClusterState next, std::vector<Event> events,
                          MakeData data) {
    auto committed = commit_state(ctx, std::move(next), std::move(events));
    if (!committed) return answer(committed.error());
    Outcome outcome = std::move(*committed);
    outcome.response = answer(data()).response;
    return outcome;
}

}  // namespace edge
