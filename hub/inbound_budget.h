// InboundBudget: how much the hub's inbound queue may hold, by count and by bytes. A count alone
// bounds memory only for small messages: 10,000 messages of 4 MiB each are 40 GiB. A message
// larger than any edgeorch message is refused before it is queued, whatever the queue holds.
// Thread-safety: none; the hub uses it under its queue's mutex.
#pragma once

#include <cstddef>

namespace edge {

class InboundBudget {
  public:
    enum class Verdict { kAccepted, kTooLarge, kFull };

    InboundBudget(size_t max_messages, size_t max_bytes, size_t max_message_bytes)
        : max_messages_(max_messages),
          max_bytes_(max_bytes),
          max_message_bytes_(max_message_bytes) {}

    // Counts the message in when it fits; otherwise leaves the budget as it was.
    Verdict admit(size_t message_bytes);
    // A message taken off the queue; `message_bytes` as admitted.
    void release(size_t message_bytes);

    size_t messages() const { return messages_; }
    size_t bytes() const { return bytes_; }

  private:
    size_t max_messages_;
    size_t max_bytes_;
    size_t max_message_bytes_;
    size_t messages_ = 0;
    size_t bytes_ = 0;
};

}  // namespace edge
