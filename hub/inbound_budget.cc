#include "hub/inbound_budget.h"

namespace edge {

InboundBudget::Verdict InboundBudget::admit(size_t message_bytes) {
    if (message_bytes > max_message_bytes_) return Verdict::kTooLarge;
    if (messages_ >= max_messages_ || message_bytes > max_bytes_ - bytes_) return Verdict::kFull;
    ++messages_;
    bytes_ += message_bytes;
    return Verdict::kAccepted;
}

void InboundBudget::release(size_t message_bytes) {
    messages_ = messages_ > 0 ? messages_ - 1 : 0;
    bytes_ = message_bytes < bytes_ ? bytes_ - message_bytes : 0;
}

}  // namespace edge
