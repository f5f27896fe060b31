#include "core/reconcile/create_retries.h"

#include "core/reconcile/backoff.h"

namespace edge {

CreateFailure after_failed_create(CreateFailure failure, const CreateFailure* previous,
                                  int64_t now_ms, double unit_random,
                                  const CreateRetryPolicy& policy) {
    bool same_spec = previous != nullptr && previous->spec_hash == failure.spec_hash &&
                     previous->stage == CreateFailure::Stage::kCreate;
    failure.attempts = (same_spec ? previous->attempts : 0) + 1;
    int64_t delay = capped_doubling(policy.first_delay_ms, policy.max_delay_ms, failure.attempts);
    failure.retry_at_ms = now_ms + with_jitter(delay, policy.jitter, unit_random);
    return failure;
}

bool create_waits(const CreateFailure& failure, const std::string& spec_hash, int64_t now_ms) {
    return failure.stage == CreateFailure::Stage::kCreate && failure.spec_hash == spec_hash &&
           failure.retry_at_ms > now_ms;
}

}  // namespace edge
