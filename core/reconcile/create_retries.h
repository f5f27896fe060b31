// When the agent tries a failed pull or create again. A replica whose image cannot be pulled
// (a registry that is down, a typo in a tag) used to be retried on every pass, so a node kept
// hammering the registry and logging the same error; now each failed attempt of the same spec
// doubles the wait (2 s, 4 s, ... up to 5 min), spread by ±20 % so that nodes that failed
// together do not retry together. A new spec for the replica starts over. Pure: time and the
// random draw are passed in.
#pragma once

#include <cstdint>

#include "core/model.h"

namespace edge {

struct CreateRetryPolicy {
    int64_t first_delay_ms = 2'000;
    int64_t max_delay_ms = 300'000;
    double jitter = 0.2;
};

// The failure to remember after another failed create of `failure`'s spec at now_ms:
// `previous` is what was remembered for the replica before (any spec, or nothing), and
// unit_random a draw in [0, 1). Sets attempts and retry_at_ms on the returned copy.
CreateFailure after_failed_create(CreateFailure failure, const CreateFailure* previous,
                                  int64_t now_ms, double unit_random,
                                  const CreateRetryPolicy& policy = {});

// Whether a create of `spec_hash` must wait at now_ms because of the remembered failure.
bool create_waits(const CreateFailure& failure, const std::string& spec_hash, int64_t now_ms);

}  // namespace edge
